export * from './kyso-error';
export * from './version';
export * from './bounded-map';

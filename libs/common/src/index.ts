export * from './kyso-error';
export * from './version';

export * from './config.error';
export * from './config.types';
export * from './load-config';
export * from './setting-hints';

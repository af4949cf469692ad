export * from './columns';
export * from './data-source';
export * from './migrations';
export * from './presence';
export * from './sql';
export * from './startup-lock';
export * from './transaction';
export * from './unit-of-work';

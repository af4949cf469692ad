export * from './columns';
export * from './data-source';
export * from './migrations';
export * from './sql';
export * from './transaction';
export * from './unit-of-work';

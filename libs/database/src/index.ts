export * from './columns';
export * from './data-source';
export * from './migrations';
export * from './transaction';

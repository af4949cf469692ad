// Types of the package entry (index.js): the wrapper's own declarations, straight from its source.
export * from './ts/index';

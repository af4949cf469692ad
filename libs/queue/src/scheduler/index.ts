export * from './job-lease.repository';
export * from './period';
export * from './scheduler';

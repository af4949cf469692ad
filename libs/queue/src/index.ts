export * from './bullmq-queue';
export * from './create-job-queue';
export * from './in-process-queue';
export * from './job-queue';
export * from './scheduler';

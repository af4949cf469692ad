import type { QueueConfig } from '@kyso/config';
import { BullMqQueue } from './bullmq-queue';
import { InProcessQueue } from './in-process-queue';
import type { JobQueue } from './job-queue';

export function createJobQueue(config: QueueConfig): JobQueue {
  switch (config.kind) {
    case 'in-process':
      return new InProcessQueue();
    case 'redis':
      return new BullMqQueue(config.url, config.prefix);
    default:
      throw new Error(`unknown queue kind ${(config as { kind: string }).kind}`);
  }
}

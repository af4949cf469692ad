import type { StorageConfig } from '@kyso/config';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';

export function createBlobStore(config: StorageConfig): BlobStore {
  switch (config.kind) {
    case 'local':
      return new LocalBlobStore(config.dir);
    default:
      throw new Error(`unknown storage kind ${(config as { kind: string }).kind}`);
  }
}

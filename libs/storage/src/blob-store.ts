import type { Readable } from 'node:stream';

export interface StoredBlob {
  key: string;
  size: number;
  /** Lower-case hex SHA-256 of the stored bytes. */
  sha256: string;
}

/**
 * Where document files live. Keys are opaque, slash-separated, and chosen by the caller
 * (e.g. `documents/<id>/v2.pdf`). A put is atomic: readers see the old blob or the whole new one.
 */
export interface BlobStore {
  put(key: string, data: Buffer | Readable): Promise<StoredBlob>;
  get(key: string): Promise<Buffer>;
  openRead(key: string): Readable;
  /** Local file path for streaming readers (hashing, native batch core), when the store has one. */
  localPath(key: string): string | undefined;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  health(): Promise<{ ok: boolean; detail: string }>;
}

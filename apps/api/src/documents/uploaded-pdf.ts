import { createHash } from 'node:crypto';
import type {} from 'multer';
import type { UploadedFile } from '@kyso/documents';

export type MulterFile = Express.Multer.File;

/**
 * Multer hands file names over as Latin-1 (the multipart default); browsers send UTF-8. Re-decode when the bytes
 * form valid UTF-8, so `Quyết định.pdf` is kept as typed.
 */
export function toUploadedFile(file: MulterFile | undefined): UploadedFile | undefined {
  if (!file) return undefined;
  const utf8 = Buffer.from(file.originalname, 'latin1').toString('utf8');
  const fileName = utf8.includes('\uFFFD') ? file.originalname : utf8;
  return { bytes: file.buffer, fileName, contentType: file.mimetype };
}

/** SHA-256 of an upload, part of the idempotency fingerprint. */
export function uploadFingerprint(file: MulterFile | undefined): string | null {
  return file ? createHash('sha256').update(file.buffer).digest('hex') : null;
}

import { createHash } from 'node:crypto';
import type { BlobStore } from '@kyso/storage';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import type { StoredBytes } from '../documents/document-file.entity';
import { looksLikePdf } from './pdf-magic';
import type { UploadedFile } from './uploaded-file';

export type StoredFile = StoredBytes;

/**
 * Puts document files into blob storage under their SHA-256 (`documents/sha256/ab/abcd….pdf`). Content addressing
 * makes the write idempotent: a retried request, or the same PDF sent to five communes, stores one blob, and a crash
 * between the blob write and the database commit leaves at worst an unreferenced blob, never a record without bytes.
 */
export class DocumentFileStore {
  constructor(private readonly blobs: BlobStore) {}

  async store(file: UploadedFile): Promise<StoredFile> {
    if (!looksLikePdf(file.bytes)) throw new DocumentsError(DocumentsErrorCode.NOT_PDF, { fields: ['file'] });
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const blobKey = `documents/sha256/${sha256.slice(0, 2)}/${sha256}.pdf`;
    if (!(await this.blobs.exists(blobKey))) {
      const stored = await this.blobs.put(blobKey, file.bytes);
      if (stored.sha256 !== sha256) throw new Error(`blob store wrote ${stored.sha256} for ${sha256}`);
    }
    return {
      sha256,
      size: file.bytes.length,
      blobKey,
      fileName: cleanFileName(file.fileName),
      contentType: 'application/pdf',
    };
  }
}

/** Keeps a display name only: no directories, no control characters, at most 255 characters, ends in .pdf. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
  const withName = base || 'van-ban.pdf';
  return /\.pdf$/i.test(withName) ? withName : `${withName}.pdf`;
}

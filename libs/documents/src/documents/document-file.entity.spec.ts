import { describe, expect, it } from 'vitest';
import { DocumentFile } from './document-file.entity';

const stored = {
  sha256: 'ab'.repeat(32),
  size: 1234,
  blobKey: `documents/sha256/ab/${'ab'.repeat(32)}.pdf`,
  fileName: 'quyet-dinh.pdf',
  contentType: 'application/pdf',
};
const at = new Date('2026-03-02T03:04:05.000Z');

describe('DocumentFile.fromStored', () => {
  it('fills every column of a new version from the stored bytes', () => {
    const row = DocumentFile.fromStored(stored, {
      documentId: 'd-1',
      version: 3,
      kind: 'signed',
      createdBy: 'u-1',
      createdAt: at,
    });
    expect(row).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      documentId: 'd-1',
      version: 3,
      kind: 'signed',
      ...stored,
      signatureStatus: null,
      signatureReport: null,
      createdBy: 'u-1',
      createdAt: at,
    });
  });

  it('keeps the signature check of a received file, and gives each row its own id', () => {
    const version = {
      documentId: 'd-2',
      version: 1,
      kind: 'received' as const,
      signatureStatus: 'valid',
      signatureReport: '{"verdict":"valid"}',
      createdBy: null,
      createdAt: at,
    };
    const a = DocumentFile.fromStored(stored, version);
    const b = DocumentFile.fromStored(stored, version);
    expect(a).toMatchObject({
      signatureStatus: 'valid',
      signatureReport: '{"verdict":"valid"}',
      createdBy: null,
    });
    expect(a.id).not.toBe(b.id);
  });
});

import { describe, expect, it } from 'vitest';
import { KysoError } from '@kyso/common';
import { PdfError, PdfErrorCode } from './pdf-error';

describe('PdfError', () => {
  it('declares a kind for every code, so transports never guess', () => {
    for (const code of Object.values(PdfErrorCode)) {
      const error = new PdfError(code, { detail: 'x' });
      expect(error.kind, code).toBeDefined();
      expect(error, code).toBeInstanceOf(KysoError);
      expect(error.messageVi, code).toMatch(/: x$/);
    }
  });

  it('treats damage inside a document as invalid input, never as "not found"', () => {
    // The code names would make a guess answer 404 for a broken upload.
    for (const code of [
      PdfErrorCode.OBJECT_NOT_FOUND,
      PdfErrorCode.STARTXREF_NOT_FOUND,
      PdfErrorCode.PAGE_NOT_FOUND,
    ])
      expect(new PdfError(code).kind, code).toBe('invalid-input');
    expect(new PdfError(PdfErrorCode.DOCMDP_FORBIDS_CHANGES).kind).toBe('conflict');
  });
});

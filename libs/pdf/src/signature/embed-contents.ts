import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { PdfUpdateOutput } from '../write/pdf-update-output';
import type { PreparedSignature } from './prepare-signature';

/**
 * Writes the DER signature (CMS or timestamp token) as hex into the /Contents placeholder, zero-padded.
 * Nothing else changes, so the byte range hashed before stays valid. The prepared output is not modified.
 * Throws CONTENTS_TOO_SMALL when the DER does not fit: the caller must reserve enough, never truncate.
 */
export function embedContents(
  prepared: Pick<PreparedSignature, 'output' | 'contentsOffset' | 'contentsSize'>,
  der: Uint8Array,
): PdfUpdateOutput {
  if (der.length === 0) throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'empty signature' });
  if (der.length > prepared.contentsSize) {
    throw new PdfError(PdfErrorCode.CONTENTS_TOO_SMALL, {
      detail: `${der.length} bytes needed, ${prepared.contentsSize} reserved`,
    });
  }
  const { output, contentsOffset, contentsSize } = prepared;
  const at = contentsOffset - output.originalSize;
  if (at < 0 || output.update[at] !== 0x3c || output.update[at + 2 * contentsSize + 1] !== 0x3e) {
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, {
      detail: `no /Contents placeholder at ${contentsOffset}`,
    });
  }
  const hex = Buffer.from(der)
    .toString('hex')
    .toUpperCase()
    .padEnd(contentsSize * 2, '0');
  return output.patched(contentsOffset + 1, Buffer.from(hex, 'latin1'));
}

import { type ByteSource, PdfUpdateOutput } from '@kyso/pdf';
import type { DigestAlgorithm } from '../signer';
import { SigningError, SigningErrorCode } from '../signing.error';
import type { PadesLevel } from './pades-level';
import type { PreparedSigning, SignerIdentity } from './signing-pipeline';

/**
 * A prepared signature reduced to what must survive between the two steps of remote signing (prepare on the
 * server, sign on the leader's PC, complete on the server): the appended bytes and where /Contents sits in
 * them. The original PDF is not copied; it is the stored document version the session is bound to.
 */
export interface PendingSignature {
  update: Buffer;
  originalSize: number;
  byteRange: [number, number, number, number];
  contentsOffset: number;
  contentsSize: number;
  toBeSigned: Buffer;
  messageDigest: Buffer;
  digest: DigestAlgorithm;
  level: PadesLevel;
  identity: SignerIdentity;
}

export function toPending(prep: PreparedSigning): PendingSignature {
  const { output, byteRange, contentsOffset, contentsSize } = prep.prepared;
  return {
    update: output.update,
    originalSize: output.originalSize,
    byteRange: [...byteRange] as [number, number, number, number],
    contentsOffset,
    contentsSize,
    toBeSigned: prep.toBeSigned,
    messageDigest: prep.messageDigest,
    digest: prep.digest,
    level: prep.level,
    identity: prep.identity,
  };
}

/** Rebuilds the prepared signature over the original bytes; refuses an original of another size. */
export function fromPending(pending: PendingSignature, original: ByteSource): PreparedSigning {
  if (original.size !== pending.originalSize) {
    throw new SigningError(
      SigningErrorCode.DOCUMENT_CHANGED,
      `the document changed since the signature was prepared (${original.size} ≠ ${pending.originalSize} bytes)`,
    );
  }
  const output = new PdfUpdateOutput(original, pending.update);
  return {
    prepared: {
      output,
      byteRange: pending.byteRange,
      contentsOffset: pending.contentsOffset,
      contentsSize: pending.contentsSize,
    },
    identity: pending.identity,
    level: pending.level,
    digest: pending.digest,
    messageDigest: pending.messageDigest,
    toBeSigned: pending.toBeSigned,
  };
}

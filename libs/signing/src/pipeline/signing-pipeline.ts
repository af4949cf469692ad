import {
  addSignatureTimestamp,
  assembleSignedData,
  buildSignedAttributes,
  estimateSignatureSize,
  readCertificate,
  type TimestampProvider,
} from '@kyso/cms';
import {
  type AppearanceStream,
  embedContents,
  hashByteRange,
  type PdfInput,
  PdfReader,
  type PdfUpdateOutput,
  prepareSignature,
  type PreparedSignature,
  type Rect,
  withReader,
} from '@kyso/pdf';
import type { DigestAlgorithm, SignatureScheme, Signer } from '../signer';
import { SigningError, SigningErrorCode } from '../signing.error';
import { type PadesLevel, levelAtLeast } from './pades-level';

/** What the signer's side contributes before any signature exists: its certificate chain and scheme. */
export interface SignerIdentity {
  certificate: Buffer;
  chain: readonly Buffer[];
  scheme: SignatureScheme;
}

export interface SignatureFieldOptions {
  level: PadesLevel;
  digest?: DigestAlgorithm;
  fieldName?: string;
  pageIndex?: number;
  rect?: Rect;
  appearance?: AppearanceStream;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** The claimed signing time written to /M (the CMS carries none, as PAdES requires). */
  signingTime: Date;
  /** Make the first signature a certification signature with DocMDP permission P. */
  certify?: 1 | 2 | 3;
  /** Exact size of a token from this TSA, to size /Contents tightly (TsaClient.lastTokenSize). */
  expectedTimestampBytes?: number;
}

/** Stage 1–3 output: everything needed to finish once the signature value arrives, possibly much later. */
export interface PreparedSigning {
  /** The parts of the prepared PDF revision that completing the signature needs. */
  readonly prepared: Pick<PreparedSignature, 'output' | 'byteRange' | 'contentsOffset' | 'contentsSize'>;
  readonly identity: SignerIdentity;
  readonly level: PadesLevel;
  readonly digest: DigestAlgorithm;
  /** Digest of the byte ranges (the CMS message-digest). */
  readonly messageDigest: Buffer;
  /** DER of the signed attributes: the bytes the signer signs. */
  readonly toBeSigned: Buffer;
}

/**
 * Stages 1–3: prepare the PDF revision (field, widget, appearance, /Contents sized from the real CMS) as an
 * incremental update, hash its byte ranges by streaming, and build the signed attributes to be signed.
 */
export async function prepareSigning(
  input: PdfInput,
  identity: SignerIdentity,
  options: SignatureFieldOptions,
): Promise<PreparedSigning> {
  const digest = options.digest ?? 'sha256';
  const timestampBytes = levelAtLeast(options.level, 'B-T') ? (options.expectedTimestampBytes ?? 0) + 1 : 0;
  const size = contentsSizeFor(identity, digest, timestampBytes);
  return withReader(input, async (reader) => {
    const prepared = await prepareSignature(reader, {
      kind: 'signature',
      subFilter: 'ETSI.CAdES.detached',
      fieldName: options.fieldName,
      pageIndex: options.pageIndex,
      rect: options.rect,
      appearance: options.appearance,
      signingTime: options.signingTime,
      name: readCertificate(identity.certificate).subject.commonName,
      reason: options.reason,
      location: options.location,
      contactInfo: options.contactInfo,
      certification: options.certify ? { permission: options.certify } : undefined,
      contentsSize: size,
    });
    const messageDigest = await hashByteRange(prepared.output.toByteSource(), prepared.byteRange, digest);
    const signedAttributes = buildSignedAttributes({
      digestAlgorithm: digest,
      messageDigest,
      signerCertificateDer: identity.certificate,
    });
    return {
      prepared,
      identity,
      level: options.level,
      digest,
      messageDigest,
      toBeSigned: signedAttributes.der,
    };
  });
}

const sizeCache = new WeakMap<SignerIdentity, Map<string, number>>();

/**
 * Bytes to reserve for the CMS: a real CMS assembled with a dummy signature of the right size, plus room for
 * the timestamp token. It depends only on the signer and the options, so it is computed once per signer.
 * `timestampBytes`: 0 = no timestamp, 1 = unknown TSA (default allowance), n = n - 1 bytes seen from this TSA.
 */
function contentsSizeFor(identity: SignerIdentity, digest: DigestAlgorithm, timestampBytes: number): number {
  const key = `${digest}|${timestampBytes}`;
  let perSigner = sizeCache.get(identity);
  if (!perSigner) sizeCache.set(identity, (perSigner = new Map()));
  let bytes = perSigner.get(key);
  if (bytes === undefined) {
    bytes = estimateSignatureSize({
      signerCertificateDer: identity.certificate,
      certificatesDer: identity.chain,
      digestAlgorithm: digest,
      signatureAlgorithm: identity.scheme,
      timestamp:
        timestampBytes === 0
          ? false
          : timestampBytes === 1
            ? true
            : { expectedTokenBytes: timestampBytes - 1 + 512 },
    }).bytes;
    perSigner.set(key, bytes);
  }
  return bytes;
}

/**
 * Stages 5–6a: assemble the CMS around the signature value (verifying it against the certificate first, so a
 * token returning garbage fails here), add the signature timestamp for B-T and above, and embed it.
 */
export async function completeSigning(
  prep: PreparedSigning,
  signature: Buffer,
  tsa?: TimestampProvider,
): Promise<PdfUpdateOutput> {
  let cms: Buffer;
  try {
    cms = assembleSignedData({
      signedAttributesDer: prep.toBeSigned,
      signature,
      signatureAlgorithm: prep.identity.scheme,
      digestAlgorithm: prep.digest,
      signerCertificateDer: prep.identity.certificate,
      certificatesDer: prep.identity.chain,
    });
  } catch (err) {
    throw new SigningError(
      SigningErrorCode.SIGNATURE_INVALID,
      `the signature does not verify with the signer certificate: ${(err as Error).message}`,
    );
  }
  if (levelAtLeast(prep.level, 'B-T')) {
    if (!tsa)
      throw new SigningError(
        SigningErrorCode.TSA_REQUIRED,
        `a timestamp authority is needed for ${prep.level}`,
      );
    cms = await addSignatureTimestamp(cms, tsa);
  }
  return embedContents(prep.prepared, cms);
}

/**
 * Finishes a prepared signing with a signer that answers at once (PKCS#11, PKCS#12): sign → signature timestamp
 * (B-T and above) → embed. Preparing comes before it; the DSS and document timestamp (extendPdf) after it.
 */
export async function signPrepared(
  prep: PreparedSigning,
  signer: Signer,
  tsa?: TimestampProvider,
): Promise<PdfUpdateOutput> {
  const signature = await signer.sign(prep.toBeSigned, prep.digest);
  return completeSigning(prep, signature, tsa);
}

/** Opens a reader over an update's output without copying the file (original source + appended bytes). */
export function readerOf(output: PdfUpdateOutput): Promise<PdfReader> {
  return PdfReader.open(output.toByteSource());
}

import { CmsError, CmsErrorCode, type ParsedSignedData, parseSignedData } from '@kyso/cms';
import { listSignatures, type PdfSignatureInfo } from '@kyso/pdf';
import { identifySigner } from '../chain/signer-identification';
import { readCertificateOrNull } from '../chain/validation-cache';
import type { ByteSpanToHash } from '../crypto/crypto-backend';
import type { DocumentContext } from '../document-context';
import { checkCmsIntegrity, type CmsIntegrity } from '../integrity/cms-integrity';
import { error, type Finding, warning } from '../model/finding';
import type { CheckResult, EntryKind } from '../model/validation-result';
import type { EmbeddedRevocationCollector } from '../revocation/embedded-revocation';
import { checkByteRange, revisionAt } from '../structure/byte-range-check';
import { checkTimestamp, type TimestampCheck } from '../timestamps/timestamp-check';

/** SubFilters kyso validates fully. */
export const SUPPORTED_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached', 'ETSI.RFC3161']);

/** One signature or document time-stamp on its way through validation. */
export interface EntryWork {
  readonly index: number;
  readonly info: PdfSignatureInfo;
  readonly kind: EntryKind;
  readonly findings: Finding[];
  byteRange: CheckResult;
  structure: CheckResult;
  spans: readonly ByteSpanToHash[] | null;
  /** Revision the entry closes (from its byte range), null when unknown. */
  revision: number | null;
  end: number | null;
  cms: ParsedSignedData | null;
  /** The /SubFilter is outside what kyso supports (checks still run, for information). */
  unsupported: boolean;
  integrity: CmsIntegrity | null;
  signatureTimestamps: TimestampCheck[];
  documentTimestamp: TimestampCheck | null;
}

/** True for a /Contents that was reserved but never filled (all zero bytes). */
export function isEmptyPlaceholder(info: PdfSignatureInfo): boolean {
  return info.contents.length === 0 || info.contents.every((b) => b === 0);
}

/**
 * Structure of one entry: /ByteRange invariant, /SubFilter, /Contents decoding into a CMS. Certificates
 * and revocation data found in the CMS are added to the document's pools, so that every chain can use them.
 */
export async function prepareEntry(
  index: number,
  listed: PdfSignatureInfo,
  ctx: DocumentContext,
  revocation: EmbeddedRevocationCollector,
): Promise<EntryWork> {
  const original = await signedVersionOf(listed, ctx);
  const info = original ?? listed;
  const kind: EntryKind = info.kind;
  const work: EntryWork = {
    index,
    info,
    kind,
    findings: [],
    byteRange: { status: 'passed' },
    structure: { status: 'passed' },
    spans: null,
    revision: info.revisionIndex ?? null,
    end: null,
    cms: null,
    unsupported: false,
    integrity: null,
    signatureTimestamps: [],
    documentTimestamp: null,
  };
  if (original) work.findings.push(warning('SIGNATURE_DICTIONARY_CHANGED'));
  if (listed.fieldNotListed)
    work.findings.push(warning('SIGNATURE_FIELD_NOT_LISTED', { field: listed.fieldName ?? '' }));
  const fail = (f: Finding): EntryWork => {
    work.findings.push(f);
    if (work.structure.status === 'passed') work.structure = { status: 'failed', finding: f };
    return work;
  };

  const expectedType = kind === 'document-timestamp' ? 'DocTimeStamp' : 'Sig';
  if (info.type !== undefined && info.type !== expectedType) {
    work.findings.push(
      warning('SIGNATURE_DICT_WRONG_TYPE', {
        field: info.fieldName ?? '',
        type: info.type,
        subFilter: info.subFilter ?? '',
      }),
    );
  }
  if (!info.subFilter) fail(error('SUBFILTER_MISSING'));
  else if (!SUPPORTED_SUBFILTERS.has(info.subFilter)) {
    work.unsupported = true;
    work.findings.push(warning('SUBFILTER_UNSUPPORTED', { subFilter: info.subFilter }));
  }

  const range = await checkByteRange(info, ctx.source, ctx.reader.revisions);
  work.revision = range.revision ?? work.revision;
  if (range.ok) {
    work.spans = range.spans;
    work.end = range.end;
  } else {
    work.byteRange = { status: 'failed', finding: range.finding };
    work.findings.push(range.finding);
  }

  if (info.contents.length > ctx.limits.maxCmsBytes) {
    return fail(error('CMS_TOO_LARGE', { detail: `${info.contents.length} bytes` }));
  }
  try {
    work.cms = parseSignedData(info.contents, {
      maxInputBytes: ctx.limits.maxCmsBytes,
      maxCertificates: ctx.limits.maxCertificates,
      maxCrls: ctx.limits.maxCertificates,
    });
  } catch (err) {
    const detail = err instanceof CmsError ? err.message : String(err);
    const code =
      err instanceof CmsError && err.code === CmsErrorCode.LimitExceeded ? 'CMS_TOO_LARGE' : 'CMS_MALFORMED';
    return fail(error(code, { detail }));
  }
  if (work.cms.signers.length === 0) return fail(error('CMS_MALFORMED', { detail: 'no SignerInfo' }));
  for (const der of work.cms.certificates) {
    const cert = readCertificateOrNull(der);
    if (cert && !ctx.pool.add(cert, 'cms')) break;
  }
  const signerCert = identifySigner(work.cms, ctx.pool.all());
  if (signerCert && !isMinimalInteger(signerCert.serialDer)) {
    // X.509 is DER: a padded serial number means the certificate (and its issuer's signature) was not
    // produced by a conforming CA; EU DSS refuses such a CMS as well.
    return fail(
      error('CMS_MALFORMED', { detail: 'the signer certificate serial number is not DER-encoded' }),
    );
  }
  revocation.addFromCms(work.cms);
  return work;
}

/**
 * The signature dictionary as it was in the revision its byte range signs, when a later revision rewrote
 * or replaced it (a forged /Reason over a copied CMS, "signature spoofing"): the signature is judged on
 * what was signed, and the rewrite is reported by modification analysis. Undefined when the current
 * dictionary is the signed one.
 */
async function signedVersionOf(
  info: PdfSignatureInfo,
  ctx: DocumentContext,
): Promise<PdfSignatureInfo | undefined> {
  const br = info.byteRange;
  if (!br || br.length !== 4 || !br.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  if (info.contentsStart === br[1] && info.contentsEnd === br[2]) return undefined;
  const revision = revisionAt(ctx.reader.revisions, br[2] + br[3]);
  if (revision === null || revision === ctx.reader.revisions.length - 1) return undefined;
  try {
    // The dictionary whose /Contents sits exactly in the signed gap (same object, or the one a copy replaced).
    const then = await listSignatures(ctx.reader.atRevision(revision));
    const same = then.find((s) => s.contentsStart === br[1] && s.contentsEnd === br[2]);
    if (!same?.byteRange || same.byteRange.join(' ') !== br.join(' ')) return undefined;
    // Only the same signature: its own dictionary rewritten, or a copy carrying the same CMS. Another
    // signature's byte range pasted into a dictionary (hello_signed..._EDITED) stays a failure.
    const sameObject = !!info.signatureRef && !!same.signatureRef?.equals(info.signatureRef);
    if (!sameObject && !same.contents.equals(info.contents)) return undefined;
    return { ...same, fieldNames: info.fieldNames, fieldName: info.fieldName, revisionIndex: revision };
  } catch {
    return undefined;
  }
}

/**
 * Cryptography of a prepared entry: for signatures the CMS integrity and its signature time-stamps,
 * for document time-stamps the token over the byte ranges. Skipped when the structure already failed
 * in a way that makes the bytes meaningless (no byte ranges, no CMS).
 */
export async function verifyEntry(work: EntryWork, ctx: DocumentContext): Promise<void> {
  const cms = work.cms;
  // ETSI EN 319 102-1 stops at a format failure: no cryptography on a malformed entry.
  if (!cms || !work.spans || work.structure.status === 'failed') return;
  const spans = work.spans;
  if (work.kind === 'document-timestamp') {
    work.documentTimestamp = await checkTimestamp(
      {
        der: cms.der,
        kind: 'document-timestamp',
        expectedImprint: (alg) => ctx.hashSpans(spans, alg),
        entryIndex: work.index,
      },
      ctx,
    );
    return;
  }
  work.integrity = await checkCmsIntegrity({
    cms,
    subFilter: work.info.subFilter,
    contentDigest: (alg) => ctx.hashSpans(spans, alg),
    readContent: async () => {
      const parts = await Promise.all(spans.map((s) => ctx.source.read(s.offset, s.length)));
      return Buffer.concat(parts);
    },
    candidates: ctx.pool.all(),
    crypto: ctx.crypto,
  });
  const signer = cms.signers[0];
  for (const tokenDer of signer.signatureTimestampTokens) {
    work.signatureTimestamps.push(
      await checkTimestamp(
        {
          der: tokenDer,
          kind: 'signature-timestamp',
          expectedImprint: async (alg) => ctx.crypto.digest(alg, signer.signature),
          entryIndex: null,
        },
        ctx,
      ),
    );
  }
}

/** DER INTEGER rule (X.690 8.3.2): no leading 0x00 before a byte below 0x80, no leading 0xff before one above. */
function isMinimalInteger(tlv: Buffer): boolean {
  const lengthBytes = tlv[1] & 0x80 ? 1 + (tlv[1] & 0x7f) : 1;
  const content = tlv.subarray(1 + lengthBytes);
  if (content.length < 2) return true;
  return !((content[0] === 0x00 && content[1] < 0x80) || (content[0] === 0xff && content[1] >= 0x80));
}

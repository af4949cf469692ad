import { OID, type ParsedSignedData } from '@kyso/cms';
import type { PadesLevel } from '../model/validation-result';

export interface TimestampPresence {
  /** The token parsed (it is there, whatever its validity). */
  readonly present: boolean;
  /** Signature and imprint verify. */
  readonly valid: boolean;
}

export interface FormatInput {
  readonly subFilter: string | undefined;
  readonly cms: ParsedSignedData | null;
  /** The integrity checks (digest, signature value) passed. */
  readonly intact: boolean;
  readonly signatureTimestamps: readonly TimestampPresence[];
  /** Document time-stamps in later revisions, with their revision. */
  readonly documentTimestampsAfter: readonly (TimestampPresence & { readonly revision: number })[];
  /** Revisions after the signature that added or changed the DSS. */
  readonly dssUpdatesAfter: readonly number[];
  /** The final revision has a DSS. */
  readonly dssPresent: boolean;
  /** Every certificate below the root of the signer's chain has revocation data in the document. */
  readonly validationDataComplete: boolean;
}

export interface DetectedFormat {
  /** EU DSS style label: `PAdES-BASELINE-LT`, `PAdES-BES`, `PKCS7-T`, `PDF-NOT-ETSI`. Structural: what the file carries. */
  readonly format: string;
  /** PAdES baseline level reached with cryptographically valid parts (trust is judged by the indication). */
  readonly level: PadesLevel | null;
  /** Why the signature is not PAdES baseline, when it is not. */
  readonly notBaselineBecause: string | null;
}

/**
 * Profile and level per ETSI EN 319 142-1: B-B is a CAdES detached signature with signing-certificate(-v2)
 * and no CMS signing-time; B-T adds a signature or document time-stamp; B-LT adds a DSS with the
 * validation data of the signer's chain; B-LTA adds a document time-stamp over that DSS.
 */
export function detectFormat(input: FormatInput): DetectedFormat {
  const family = profileFamily(input);
  const suffix = (valid: boolean): 'B' | 'T' | 'LT' | 'LTA' => {
    const ok = (t: TimestampPresence) => (valid ? t.valid : t.present);
    const t = input.signatureTimestamps.some(ok) || input.documentTimestampsAfter.some(ok);
    if (!t) return 'B';
    const lt = input.dssPresent && input.validationDataComplete;
    if (!lt) return 'T';
    const firstDss = Math.min(...input.dssUpdatesAfter);
    const lta = input.documentTimestampsAfter.some((d) => ok(d) && d.revision > firstDss);
    return lta ? 'LTA' : 'LT';
  };
  const structural = suffix(false);
  let format: string;
  switch (family.kind) {
    case 'baseline':
      format = `PAdES-BASELINE-${structural}`;
      break;
    case 'pades':
      format =
        structural === 'LT' || structural === 'LTA'
          ? 'PAdES-LTV'
          : hasPolicy(input.cms)
            ? 'PAdES-EPES'
            : 'PAdES-BES';
      break;
    case 'pkcs7':
      format = `PKCS7-${structural}`;
      break;
    default:
      format = 'PDF-NOT-ETSI';
  }
  const level: PadesLevel | null =
    family.kind === 'baseline' && input.intact ? (`B-${suffix(true)}` as PadesLevel) : null;
  return { format, level, notBaselineBecause: family.kind === 'baseline' ? null : family.reason };
}

type Family = { kind: 'baseline' } | { kind: 'pades' | 'pkcs7' | 'none'; reason: string };

function profileFamily(input: FormatInput): Family {
  const cms = input.cms;
  if (!cms) return { kind: 'none', reason: 'no readable CMS' };
  const signer = cms.signers[0];
  const cmsShape =
    cms.signers.length !== 1
      ? `${cms.signers.length} SignerInfos`
      : !signer.signedAttributesDer
        ? 'no signed attributes'
        : !signer.messageDigest
          ? 'no message-digest attribute'
          : null;
  const sub = input.subFilter;
  if (sub === 'ETSI.CAdES.detached') {
    if (cmsShape) return { kind: 'none', reason: cmsShape };
    if (!cms.isDetached) return { kind: 'none', reason: 'the CMS encapsulates content (not detached)' };
    if (!signer.signingCertificateV2 && !signer.signingCertificateV1) {
      return { kind: 'pades', reason: 'no signing-certificate(-v2) attribute' };
    }
    if (signer.signingTime) return { kind: 'pades', reason: 'CMS signing-time attribute present' };
    if (signer.contentType !== OID.data) return { kind: 'pades', reason: 'content-type is not id-data' };
    return { kind: 'baseline' };
  }
  if (sub === 'adbe.pkcs7.detached' || sub === 'adbe.pkcs7.sha1') {
    if (cmsShape) return { kind: 'none', reason: cmsShape };
    if (sub === 'adbe.pkcs7.detached' && !cms.isDetached)
      return { kind: 'none', reason: 'the CMS encapsulates content (not detached)' };
    return { kind: 'pkcs7', reason: `SubFilter ${sub} is not a PAdES baseline format` };
  }
  return { kind: 'none', reason: `SubFilter ${sub ?? '(none)'}` };
}

function hasPolicy(cms: ParsedSignedData | null): boolean {
  return !!cms?.signers[0]?.signedAttributes.some((a) => a.type === OID.signaturePolicyIdentifier);
}

import type { Finding } from './finding';
import type { Indication, SubIndication } from './indication';

/** PAdES baseline levels of ETSI EN 319 142-1. */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/** How one check of one signature ended. `not-checked` means an earlier failure made it pointless. */
export type CheckStatus = 'passed' | 'failed' | 'indeterminate' | 'not-checked';

/** The outcome of one check, with the finding that explains it when it did not pass. */
export interface CheckResult {
  readonly status: CheckStatus;
  readonly finding?: Finding;
}

/** A certificate as shown in reports (no key material, no raw DER). */
export interface CertificateSummary {
  /** Distinguished name, most significant RDN first (`C=VN, O=..., CN=...`), Vietnamese kept as UTF-8. */
  readonly subject: string;
  readonly commonName: string | null;
  readonly organisation: string | null;
  readonly issuer: string;
  /** Lower-case hex of the serial number. */
  readonly serialHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
}

export interface SignerSummary extends CertificateSummary {
  /** The name to show: the certificate's CN, else its organisation, else its subject. */
  readonly name: string;
  /** Extra line from `ValidationOptions.describeSigner` (e.g. the organisation's lineage after a merger). */
  readonly note: string | null;
}

/** Claimed and proven signing times (ISO 8601 UTC strings). */
export interface SigningTime {
  /** What the signer says: PDF /M, or the CMS signing-time attribute when /M is absent. */
  readonly claimed: string | null;
  readonly claimedSource: 'pdf-m' | 'cms-signing-time' | null;
  /**
   * The earliest time at which a valid, trusted time-stamp proves the signature existed
   * (its signature time-stamp, or the first document time-stamp that covers it).
   */
  readonly proven: string | null;
  readonly provenBy: 'signature-timestamp' | 'document-timestamp' | null;
  /** The time the certificate checks were made against: `proven`, else the validation time. */
  readonly bestSignatureTime: string;
}

export type TimestampKind = 'signature-timestamp' | 'document-timestamp';

/** A verified RFC 3161 time-stamp token (one inside the CMS, or one document time-stamp that covers a signature). */
export interface TimestampSummary {
  readonly kind: TimestampKind;
  /** genTime of the token, when it could be read. */
  readonly time: string | null;
  readonly tsa: CertificateSummary | null;
  readonly indication: Indication;
  readonly subIndication: SubIndication | null;
  /** For document time-stamps: index in `PdfValidationResult.signatures`. */
  readonly entryIndex: number | null;
  readonly findings: readonly Finding[];
}

/** What a later incremental update changed, and whether that is allowed after this signature. */
export type ChangeKind =
  | 'dss-added'
  | 'document-timestamp-added'
  | 'signature-added'
  | 'signature-field-added'
  | 'form-filled'
  | 'annotation-added'
  | 'annotation-modified'
  | 'annotation-removed'
  | 'form-field-added'
  | 'form-field-modified'
  | 'form-field-removed'
  | 'page-content-changed'
  | 'page-resources-changed'
  | 'page-properties-changed'
  | 'page-added'
  | 'page-removed'
  | 'signature-dictionary-changed'
  | 'catalog-changed'
  | 'acroform-changed'
  | 'permissions-changed'
  | 'action-added'
  | 'metadata-changed'
  | 'structure-tree-changed'
  | 'other-object-changed';

/**
 * The family of a change, as EU DSS groups object modifications: validation-data extensions (DSS, document
 * time-stamps, metadata), signatures and form fills, annotations, page content, and undefined changes.
 */
export type ChangeCategory = 'extension' | 'signature-or-form-fill' | 'annotation' | 'page' | 'undefined';

const CHANGE_CATEGORIES: Readonly<Record<ChangeKind, ChangeCategory>> = {
  'dss-added': 'extension',
  'document-timestamp-added': 'extension',
  'metadata-changed': 'extension',
  'structure-tree-changed': 'extension',
  'signature-added': 'signature-or-form-fill',
  'signature-field-added': 'signature-or-form-fill',
  'form-filled': 'signature-or-form-fill',
  'form-field-added': 'signature-or-form-fill',
  'form-field-modified': 'signature-or-form-fill',
  'form-field-removed': 'signature-or-form-fill',
  'signature-dictionary-changed': 'signature-or-form-fill',
  'acroform-changed': 'signature-or-form-fill',
  'annotation-added': 'annotation',
  'annotation-modified': 'annotation',
  'annotation-removed': 'annotation',
  'page-content-changed': 'page',
  'page-resources-changed': 'page',
  'page-properties-changed': 'page',
  'page-added': 'page',
  'page-removed': 'page',
  'catalog-changed': 'undefined',
  'permissions-changed': 'undefined',
  'action-added': 'undefined',
  'other-object-changed': 'undefined',
};

export function changeCategory(kind: ChangeKind): ChangeCategory {
  return CHANGE_CATEGORIES[kind];
}

export interface ModificationChange {
  /** Index (0-based) of the revision that made the change. */
  readonly revision: number;
  readonly kind: ChangeKind;
  /** The DSS-style family of `kind` (see {@link changeCategory}). */
  readonly category: ChangeCategory;
  /** Whether the change is allowed after this signature: the severity (a disallowed one fails it). */
  readonly allowed: boolean;
  /** 1-based page number in the final revision (or in the signed one for removed pages). */
  readonly page?: number;
  /** `12 0` style references of the objects involved. */
  readonly objects?: readonly string[];
  readonly fieldName?: string;
  readonly annotationType?: string;
  readonly rect?: readonly number[];
  /** Technical detail in English (dictionary keys that changed, ...). */
  readonly detail?: string;
}

/**
 * `none`: nothing was appended after the signature; `allowed`: only allowed changes; `disallowed`: at
 * least one change that is not allowed; `unknown`: the updates could not be analysed (damaged file, limits).
 */
export type ModificationVerdict = 'none' | 'allowed' | 'disallowed' | 'unknown';

export interface ModificationReport {
  readonly verdict: ModificationVerdict;
  /** DocMDP /P in force for this signature (from the certification signature), or null when none. */
  readonly docMdpPermission: 1 | 2 | 3 | null;
  readonly changes: readonly ModificationChange[];
  /** Page-level facts comparable with EU DSS's modification detection (1-based page numbers). */
  readonly pageFacts: {
    readonly pagesAdded: readonly number[];
    readonly pagesRemoved: readonly number[];
    /**
     * Pages whose rendering may differ from the signed revision, found on the object graph (content
     * streams, resources, existing annotations' appearances); kyso does not render pages.
     */
    readonly visualChangePages: readonly number[];
    /** Pages of the final revision where two visible annotations overlap (DSS's "annotation overlap"). */
    readonly annotationOverlapPages: readonly number[];
    readonly annotationsAdded: number;
  };
}

/** Which part of the file one signature covers. */
export interface Coverage {
  readonly byteRange: readonly number[];
  /** Index (0-based) of the revision this signature closes. */
  readonly revision: number;
  /** The signed ranges reach the end of the file: nothing was appended after this signature. */
  readonly coversWholeDocument: boolean;
  /** Bytes of the file after the signed revision. */
  readonly bytesAfter: number;
}

export type EntryKind = 'signature' | 'document-timestamp';

/** Result for one signature or one document time-stamp, in revision order. */
export interface SignatureValidation {
  /** Position in `PdfValidationResult.signatures` (0-based, revision order). */
  readonly index: number;
  readonly kind: EntryKind;
  readonly fieldNames: readonly string[];
  readonly subFilter: string | null;
  readonly indication: Indication;
  readonly subIndication: SubIndication | null;
  /** PAdES baseline level reached, or null when the signature is not a PAdES baseline signature. */
  readonly level: PadesLevel | null;
  /** A DSS-style label: `PAdES-BASELINE-B`, `PAdES-BES`, `PKCS7-T`, `PDF-NOT-ETSI`, `RFC3161`... */
  readonly format: string;
  readonly signer: SignerSummary | null;
  readonly signingTime: SigningTime;
  readonly digestAlgorithm: string | null;
  readonly signatureAlgorithm: string | null;
  readonly coverage: Coverage;
  readonly timestamps: readonly TimestampSummary[];
  readonly modifications: ModificationReport;
  /** Issuer chain found for the signer (signer first, trust anchor last when one was reached). */
  readonly chain: readonly CertificateSummary[];
  readonly checks: SignatureChecks;
  /** Everything that was found, errors first; `checks` point into this list. */
  readonly findings: readonly Finding[];
  /** The reason, /Location and /ContactInfo the signer wrote in the signature dictionary. */
  readonly reason: string | null;
  readonly location: string | null;
}

/** The individual checks, in ETSI order; each says passed/failed/indeterminate/not-checked. */
export interface SignatureChecks {
  /** The /ByteRange invariant alone (EU DSS's "byteRangeValid"). */
  readonly byteRange: CheckResult;
  /** Everything else about the format: /SubFilter, /Contents, the CMS structure. */
  readonly structure: CheckResult;
  readonly messageDigest: CheckResult;
  readonly signatureValue: CheckResult;
  readonly signingCertificate: CheckResult;
  readonly certificateChain: CheckResult;
  readonly revocation: CheckResult;
  readonly timestamps: CheckResult;
  readonly modifications: CheckResult;
}

/** The verdict for a whole file. `NO_SIGNATURE` and `ERROR` are kyso's additions to the ETSI indications. */
export type FileVerdict = Indication | 'NO_SIGNATURE' | 'ERROR';

export interface PdfValidationResult {
  readonly verdict: FileVerdict;
  readonly document: {
    readonly size: number;
    readonly sha256: string | null;
    readonly revisions: number;
    readonly pages: number | null;
    /** DocMDP of the certification signature, if the document is certified. */
    readonly docMdp: { readonly permission: 1 | 2 | 3; readonly signatureIndex: number } | null;
  };
  /** Signatures and document time-stamps, in revision order. */
  readonly signatures: readonly SignatureValidation[];
  /** File-level findings (no trust anchors, empty signature fields, parse repairs...). */
  readonly findings: readonly Finding[];
  /** Set when the file could not be validated at all (not a PDF, encrypted, limits exceeded...). */
  readonly error: { readonly code: string; readonly message: string; readonly messageVi: string } | null;
  readonly validationTime: string;
  readonly trustAnchors: number;
  readonly elapsedMs: number;
}

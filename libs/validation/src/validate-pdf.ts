import { open } from 'node:fs/promises';
import {
  BufferByteSource,
  type ByteSource,
  type ByteSourceInput,
  isPdfError,
  listPages,
  listSignatures,
  openByteSource,
  PdfErrorCode,
  PdfReader,
  type PdfSignatureInfo,
  readDocMdp,
} from '@kyso/pdf';
import { CertificatePool } from './chain/certificate-pool';
import { createValidationCache, readCertificateOrNull, type ValidationCache } from './chain/validation-cache';
import { NodeCryptoBackend } from './crypto/node-crypto-backend';
import { DocumentContext } from './document-context';
import { evaluateEntry } from './entries/entry-evaluation';
import { type EntryWork, isEmptyPlaceholder, prepareEntry, verifyEntry } from './entries/entry-preparation';
import { hasCompleteValidationData } from './level/validation-data-completeness';
import { describeFinding, error, type Finding, info, sortFindings, warning } from './model/finding';
import { worstIndication } from './model/indication';
import type {
  FileVerdict,
  ModificationReport,
  PdfValidationResult,
  SignatureValidation,
} from './model/validation-result';
import { type FieldLock, ModificationAnalysis, overlapPages } from './modifications/modification-analysis';
import { listAnnotations } from './modifications/object-roles';
import {
  DEFAULT_CRYPTO_POLICY,
  DEFAULT_LIMITS,
  type ValidationLimits,
  type ValidationOptions,
} from './options/validation-options';
import { readDssHistory } from './revocation/dss-history';
import { EmbeddedRevocationCollector } from './revocation/embedded-revocation';
import { createOnlineFetchers } from './revocation/online-fetchers';
import { TrustStore } from './trust/trust-store';
import { ValidationError, ValidationErrorCode } from './validation-error';

/** Shared by every call that brings no backend of its own: its parsed-key cache is bounded and content-keyed. */
const defaultCrypto = new NodeCryptoBackend();

/** Raised inside a validation when its time budget is spent; becomes an ERROR result. */
class TimeLimitExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`time limit of ${limitMs} ms exceeded`);
  }
}

/**
 * Validates every signature and document time-stamp of one PDF (PAdES, ETSI EN 319 102-1 indications).
 * A malformed or hostile document never throws: it yields a result with verdict ERROR, or signatures that
 * fail. Only a path that cannot be read throws (ValidationError FILE_UNREADABLE), and bad options.
 */
export async function validatePdf(
  input: ByteSourceInput,
  options: ValidationOptions = {},
): Promise<PdfValidationResult> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const limits: ValidationLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const at = options.at ?? started;
  if (Number.isNaN(at.getTime()))
    throw new ValidationError(ValidationErrorCode.INVALID_OPTIONS, { detail: 'invalid validation time' });

  let opened: { source: ByteSource; owned: boolean };
  try {
    opened = await openInput(input);
  } catch (cause) {
    throw new ValidationError(ValidationErrorCode.FILE_UNREADABLE, {
      detail: (cause as Error).message,
      cause,
    });
  }
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new TimeLimitExceeded(limits.timeMs);
      controller.abort(err);
      reject(err);
    }, limits.timeMs);
  });
  const base = { at, limits, started, now, trustAnchors: options.trustAnchors?.size ?? 0 };
  try {
    // The race returns at the deadline even if some step ignores the abort signal.
    return await Promise.race([run(opened.source, options, controller.signal, base), deadline]);
  } catch (err) {
    return errorResult(opened.source.size, base, describeFailure(err, limits));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
    if (opened.owned) await opened.source.close().catch(() => undefined);
  }
}

/** Files up to this size are read at once: one read instead of thousands of small ones while parsing. */
export const READ_WHOLE_FILE_BYTES = 32 * 1024 * 1024;

async function openInput(input: ByteSourceInput): Promise<{ source: ByteSource; owned: boolean }> {
  if (typeof input === 'string') {
    // One open, one fstat, one read: batch validation opens thousands of small files.
    const handle = await open(input, 'r');
    try {
      const { size } = await handle.stat();
      if (size <= READ_WHOLE_FILE_BYTES) {
        const bytes = Buffer.allocUnsafe(size);
        let filled = 0;
        while (filled < size) {
          const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return { source: new BufferByteSource(bytes.subarray(0, filled)), owned: false };
      }
    } finally {
      await handle.close();
    }
  }
  return openByteSource(input);
}

interface RunBase {
  readonly at: Date;
  readonly limits: ValidationLimits;
  readonly started: Date;
  readonly now: () => Date;
  readonly trustAnchors: number;
}

/**
 * One validation, as a list of steps: refuse an oversized file, open it (hash, parse, context), choose the entries,
 * take in the DSS, prepare and verify each entry, find the certification signature, analyse later changes, then
 * evaluate each entry and assemble the result. File-level findings are collected in `findings` along the way.
 */
async function run(
  source: ByteSource,
  options: ValidationOptions,
  signal: AbortSignal,
  base: RunBase,
): Promise<PdfValidationResult> {
  const { limits } = base;
  if (source.size > limits.maxFileBytes) {
    return errorResult(source.size, base, {
      finding: error('SIZE_LIMIT_EXCEEDED', { size: source.size, limit: limits.maxFileBytes }),
      code: 'SIZE_LIMIT_EXCEEDED',
    });
  }
  const findings: Finding[] = [];
  const doc = await openDocument(source, options, signal, base, findings);
  const chosen = await chooseEntries(doc.reader, limits, findings);
  const dssPresent = await collectDss(doc, limits);
  const work = await prepareAndVerify(chosen, doc, signal);
  const certification = await findCertification(doc.reader, work);
  const modifications = await modificationsAfterSignatures(
    doc,
    work,
    certification,
    limits,
    signal,
    findings,
  );
  const signatures = await evaluateEntries(work, doc, modifications, dssPresent, options, signal);
  if (signatures.length === 0) findings.push(info('NO_SIGNATURES'));
  return assembleResult(doc, signatures, certification, findings, base);
}

/** What the steps of one validation share: the file, its parsed form and the evidence collected from it. */
interface OpenedDocument {
  readonly source: ByteSource;
  readonly reader: PdfReader;
  readonly sha256: string;
  readonly ctx: DocumentContext;
  readonly revocation: EmbeddedRevocationCollector;
  readonly pool: CertificatePool;
}

/** Hashes the whole file, parses it (repairing if need be) and builds the per-document validation context. */
async function openDocument(
  source: ByteSource,
  options: ValidationOptions,
  signal: AbortSignal,
  base: RunBase,
  findings: Finding[],
): Promise<OpenedDocument> {
  const { limits, at } = base;
  const crypto = options.crypto ?? defaultCrypto;
  const cache: ValidationCache = options.cache ?? createValidationCache();
  const trust = options.trustAnchors ?? TrustStore.empty();
  const fetchers = options.offline
    ? undefined
    : (options.fetchers ?? createOnlineFetchers({ timeoutMs: options.networkTimeoutMs }));
  if (trust.size === 0) findings.push(warning('NO_TRUST_ANCHORS'));

  const sha256 = (
    await crypto.hashSpans(source, [{ offset: 0, length: source.size }], 'sha256', signal)
  ).toString('hex');
  const reader = await openReader(source, limits);
  if (reader.isEncrypted) findings.push(warning('PDF_ENCRYPTED'));
  if (reader.repaired || reader.warnings.length > 0) {
    findings.push(
      warning('PDF_REPAIRED', { detail: [...new Set(reader.warnings.map((w) => w.code))].join(', ') }),
    );
  }

  const revocation = new EmbeddedRevocationCollector(limits.maxCertificates);
  const pool = new CertificatePool(limits.maxCertificates * 4);
  const ctx = new DocumentContext(
    source,
    reader,
    crypto,
    cache,
    trust,
    pool,
    { embedded: revocation.data(), fetchers, signal, memo: cache.revocationEvidence },
    at,
    limits,
    { ...DEFAULT_CRYPTO_POLICY, ...options.cryptoPolicy },
    signal,
    fetchers,
  );
  return { source, reader, sha256, ctx, revocation, pool };
}

/** The signatures and document time-stamps to validate, at most `maxSignatures` of them. */
async function chooseEntries(
  reader: PdfReader,
  limits: ValidationLimits,
  findings: Finding[],
): Promise<PdfSignatureInfo[]> {
  const candidates = selectEntries(await listSignatures(reader), findings);
  if (candidates.length > limits.maxSignatures)
    findings.push(warning('TOO_MANY_SIGNATURES', { limit: limits.maxSignatures }));
  return candidates.slice(0, limits.maxSignatures);
}

/** Takes the revocation data and certificates of every DSS revision in; true when the document has a DSS. */
async function collectDss(doc: OpenedDocument, limits: ValidationLimits): Promise<boolean> {
  const dssHistory = await readDssHistory(doc.reader, {
    maxItems: limits.maxCertificates * 4,
    maxBytes: limits.maxValidationDataBytes,
  });
  for (const dss of dssHistory) {
    doc.revocation.addFromDss(dss);
    for (const der of dss.certs) {
      const cert = readCertificateOrNull(der);
      if (cert && !doc.pool.add(cert, 'dss')) break;
    }
  }
  return dssHistory.length > 0;
}

/** Parses each entry's CMS (once per distinct /Contents), then checks its integrity. */
async function prepareAndVerify(
  chosen: readonly PdfSignatureInfo[],
  doc: OpenedDocument,
  signal: AbortSignal,
): Promise<EntryWork[]> {
  const work: EntryWork[] = [];
  const seen = new Set<string>();
  for (const entry of chosen) {
    const prepared = await prepareEntry(work.length, entry, doc.ctx, doc.revocation);
    // A spoofed copy resolves to the signature it copied: validate that signature once.
    const key = `${prepared.info.contentsStart}-${prepared.info.contentsEnd}`;
    if (prepared.info.contentsStart !== undefined && seen.has(key)) continue;
    seen.add(key);
    work.push(prepared);
  }
  for (const w of work) {
    signal.throwIfAborted();
    await verifyEntry(w, doc.ctx);
  }
  return work;
}

/** The certification (DocMDP) signature among the entries, and the revision and permission it fixes. */
interface Certification {
  readonly certifying: EntryWork | undefined;
  readonly docMdpAt: { revision: number; permission: 1 | 2 | 3 } | null;
}

async function findCertification(reader: PdfReader, work: readonly EntryWork[]): Promise<Certification> {
  const docMdp = await readDocMdp(reader).catch(() => undefined);
  const certifying = docMdp?.signatureRef
    ? work.find((w) => w.info.signatureRef?.equals(docMdp.signatureRef!))
    : undefined;
  const docMdpAt =
    certifying && certifying.revision !== null && docMdp
      ? { revision: certifying.revision, permission: docMdp.permission }
      : null;
  return { certifying, docMdpAt };
}

/** What changed after each signature; bytes after the last revision make every unchanged verdict unknown. */
async function modificationsAfterSignatures(
  doc: OpenedDocument,
  work: readonly EntryWork[],
  certification: Certification,
  limits: ValidationLimits,
  signal: AbortSignal,
  findings: Finding[],
): Promise<TailAwareModifications> {
  const { source, reader } = doc;
  const analysed = await analyseModifications(work, reader, certification.docMdpAt, limits, signal);
  const lastRevision = reader.revisions.length - 1;
  const lastEnd = reader.revisions[lastRevision].endOffset;
  const trailingGarbage = await hasTrailingGarbage(source, lastEnd);
  if (!trailingGarbage) return { ...analysed, lastRevision, trailingGarbage };
  findings.push(warning('UNSIGNED_BYTES_AFTER_LAST_REVISION', { bytes: source.size - lastEnd }));
  return { ...withUnaccountedTail(analysed), lastRevision, trailingGarbage };
}

interface TailAwareModifications extends ModificationsView {
  readonly lastRevision: number;
  readonly trailingGarbage: boolean;
}

/**
 * Bytes after the last revision that the cross-reference chain does not account for (a cut-off update, objects
 * appended without xref): a lenient viewer may still render them, so no signature can be said to show the whole
 * document unchanged.
 */
function withUnaccountedTail(analysed: ModificationsView): ModificationsView {
  return {
    ...analysed,
    reportFor: (r, end) => {
      const report = analysed.reportFor(r, end);
      if (r === null || report.verdict === 'disallowed') return report;
      return {
        ...report,
        verdict: 'unknown',
        changes: [
          ...report.changes,
          {
            revision: -1,
            kind: 'other-object-changed',
            category: 'undefined',
            allowed: false,
            detail: 'bytes after the last revision that no cross-reference section describes',
          },
        ],
      };
    },
  };
}

/** Chain, revocation, time-stamps, proof of existence and changes of each entry: its ETSI indication. */
async function evaluateEntries(
  work: readonly EntryWork[],
  doc: OpenedDocument,
  modifications: TailAwareModifications,
  dssPresent: boolean,
  options: ValidationOptions,
  signal: AbortSignal,
): Promise<SignatureValidation[]> {
  const { ctx } = doc;
  const signatures: SignatureValidation[] = [];
  for (const w of work) {
    signal.throwIfAborted();
    const result = await evaluateEntry(w, {
      ctx,
      all: work,
      modificationsFor: modifications.reportFor,
      dssUpdates: modifications.dssUpdates,
      dssPresent,
      validationDataComplete: (certs) => hasCompleteValidationData(certs, ctx),
      describeSigner: options.describeSigner,
      fileSize: doc.source.size,
      lastRevision: modifications.lastRevision,
      trailingGarbage: modifications.trailingGarbage,
    });
    signatures.push(ctx.reader.isEncrypted ? withoutEncryptedStrings(result) : result);
  }
  return signatures;
}

/**
 * In an encrypted PDF the signature's /Contents is never encrypted (ISO 32000-1 7.6.1), so the signature is
 * validated; its other strings (field names, /Reason, /Location) are, and kyso cannot decrypt them yet: they
 * are reported as unknown rather than as garbage, and the signature says why (`SIGNATURE_IN_ENCRYPTED_PDF`).
 */
function withoutEncryptedStrings(s: SignatureValidation): SignatureValidation {
  return {
    ...s,
    fieldNames: s.fieldNames.map(() => '(encrypted)'),
    reason: null,
    location: null,
    findings: [...s.findings, warning('SIGNATURE_IN_ENCRYPTED_PDF')],
  };
}

async function assembleResult(
  doc: OpenedDocument,
  signatures: SignatureValidation[],
  certification: Certification,
  findings: Finding[],
  base: RunBase,
): Promise<PdfValidationResult> {
  const { docMdpAt, certifying } = certification;
  return {
    verdict: verdictOf(signatures),
    document: {
      size: doc.source.size,
      sha256: doc.sha256,
      revisions: doc.reader.revisions.length,
      pages: await countPages(doc.reader),
      docMdp:
        docMdpAt && certifying ? { permission: docMdpAt.permission, signatureIndex: certifying.index } : null,
    },
    signatures,
    findings: sortFindings(findings),
    error: null,
    validationTime: base.at.toISOString(),
    trustAnchors: base.trustAnchors,
    elapsedMs: base.now().getTime() - base.started.getTime(),
  };
}

/**
 * The entries worth validating, in revision order: signature fields' values and the DocMDP signature.
 * Reserved-but-empty /Contents are reported, not validated; usage-rights (UR3) signatures are Adobe
 * Reader's business and are skipped, as EU DSS does.
 */
function selectEntries(listed: readonly PdfSignatureInfo[], findings: Finding[]): PdfSignatureInfo[] {
  const out: PdfSignatureInfo[] = [];
  for (const entry of listed) {
    if (entry.fieldNames.length === 0 && !entry.isCertification) continue;
    if (isEmptyPlaceholder(entry)) {
      findings.push(info('SIGNATURE_PLACEHOLDER_EMPTY', { field: entry.fieldName ?? '' }));
      continue;
    }
    out.push(entry);
  }
  const endOf = (e: PdfSignatureInfo): number => {
    const br = e.byteRange;
    return br && br.length === 4 && br.every(Number.isFinite) ? br[2] + br[3] : Number.MAX_SAFE_INTEGER;
  };
  return out.sort((a, b) => endOf(a) - endOf(b) || (a.contentsStart ?? 0) - (b.contentsStart ?? 0));
}

/**
 * Opens the PDF; when its cross-reference data is unusable, rebuilds it by scanning (flagged `repaired`):
 * signatures can still be checked, but later changes can then not be analysed per revision.
 */
async function openReader(source: ByteSource, limits: ValidationLimits): Promise<PdfReader> {
  const options = {
    allowEncrypted: true,
    limits: { maxNestingDepth: limits.maxNestingDepth, maxDecodedStreamBytes: limits.maxDecodedStreamBytes },
  };
  try {
    return await PdfReader.open(source, options);
  } catch (err) {
    if (!isPdfError(err) || err.code === PdfErrorCode.NOT_PDF) throw err;
    return PdfReader.open(source, { ...options, repair: true });
  }
}

interface ModificationsView {
  readonly reportFor: (revision: number | null, end: number | null) => ModificationReport;
  readonly dssUpdates: readonly number[];
}

async function analyseModifications(
  work: readonly EntryWork[],
  reader: PdfReader,
  docMdp: { revision: number; permission: 1 | 2 | 3 } | null,
  limits: ValidationLimits,
  signal: AbortSignal,
): Promise<ModificationsView> {
  const signed = work
    .filter((w) => w.revision !== null && w.end !== null)
    .map((w) => ({ revision: w.revision!, locks: locksOf(w) }));
  const empty: ModificationReport = {
    verdict: 'none',
    docMdpPermission: null,
    changes: [],
    pageFacts: {
      pagesAdded: [],
      pagesRemoved: [],
      visualChangePages: [],
      annotationOverlapPages: [],
      annotationsAdded: 0,
    },
  };
  if (signed.length === 0) return { reportFor: () => empty, dssUpdates: [] };
  const unknown = (detail: string): ModificationReport => ({
    ...empty,
    verdict: 'unknown',
    changes: [{ revision: -1, kind: 'other-object-changed', category: 'undefined', allowed: false, detail }],
  });
  if (reader.repaired) {
    // One synthetic revision: only a signature over the whole file is known to be unchanged.
    const wholeFileEnd = reader.revisions[0].endOffset;
    const report = unknown('cross-reference data rebuilt: later updates cannot be told apart');
    return {
      reportFor: (r, end) => (r === null || end === null ? empty : end >= wholeFileEnd - 32 ? empty : report),
      dssUpdates: [],
    };
  }
  const last = reader.revisions.length - 1;
  if (signed.every((s) => s.revision === last)) {
    // Nothing was appended after any signature: no update to classify (the common, cheap case).
    const overlap = overlapPages(await listAnnotations(reader).catch(() => []));
    const report: ModificationReport = {
      ...empty,
      docMdpPermission: docMdp?.permission ?? null,
      pageFacts: { ...empty.pageFacts, annotationOverlapPages: overlap },
    };
    return { reportFor: () => report, dssUpdates: [] };
  }
  try {
    const analysis = await ModificationAnalysis.run({
      reader,
      signed,
      docMdp,
      maxObjectsPerUpdate: limits.maxObjectsPerUpdate,
      maxRevisions: limits.maxRevisions,
      signal,
    });
    const first = Math.min(...signed.map((s) => s.revision));
    const dssUpdates = analysis
      .reportFor(first)
      .changes.filter((c) => c.kind === 'dss-added')
      .map((c) => c.revision);
    return {
      reportFor: (r) => (r === null ? empty : analysis.reportFor(r)),
      dssUpdates: [...new Set(dssUpdates)],
    };
  } catch (err) {
    if (signal.aborted) throw err;
    const detail = `analysis failed: ${(err as Error)?.message ?? String(err)}`;
    return { reportFor: (r) => (r === null || r === last ? empty : unknown(detail)), dssUpdates: [] };
  }
}

function locksOf(w: EntryWork): FieldLock[] {
  return w.info.references
    .filter((r) => r.transformMethod === 'FieldMDP')
    .map((r) => ({
      action: r.action === 'Include' || r.action === 'Exclude' ? r.action : 'All',
      fields: r.fields ?? [],
    }));
}

async function hasTrailingGarbage(source: ByteSource, lastEnd: number): Promise<boolean> {
  const n = source.size - lastEnd;
  if (n <= 0) return false;
  const tail = await source.read(lastEnd, Math.min(n, 4096));
  return (
    n > 4096 ||
    !tail.every((b) => b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09 || b === 0x00 || b === 0x0c)
  );
}

async function countPages(reader: PdfReader): Promise<number | null> {
  try {
    return (await listPages(reader)).length;
  } catch {
    return null;
  }
}

function verdictOf(signatures: readonly SignatureValidation[]): FileVerdict {
  if (signatures.length === 0) return 'NO_SIGNATURE';
  return worstIndication(signatures.map((s) => s.indication));
}

function describeFailure(
  err: unknown,
  limits: ValidationLimits,
): { finding: Finding; code: string; cause?: unknown } {
  if (err instanceof TimeLimitExceeded) {
    return { finding: error('TIME_LIMIT_EXCEEDED', { limitMs: limits.timeMs }), code: 'TIME_LIMIT_EXCEEDED' };
  }
  if (isPdfError(err, PdfErrorCode.ENCRYPTED))
    return { finding: error('PDF_ENCRYPTED'), code: 'PDF_ENCRYPTED' };
  if (isPdfError(err))
    return { finding: error('PDF_UNREADABLE', { detail: err.message }), code: `PDF_${err.code}` };
  const message = (err as Error)?.message ?? String(err);
  return { finding: error('PDF_UNREADABLE', { detail: message }), code: 'VALIDATION_FAILED', cause: err };
}

function errorResult(
  size: number,
  base: RunBase,
  failure: { finding: Finding; code: string },
): PdfValidationResult {
  return {
    verdict: 'ERROR',
    document: { size, sha256: null, revisions: 0, pages: null, docMdp: null },
    signatures: [],
    findings: [failure.finding],
    error: {
      code: failure.code,
      message: describeFinding(failure.finding, 'en'),
      messageVi: describeFinding(failure.finding, 'vi'),
    },
    validationTime: base.at.toISOString(),
    trustAnchors: base.trustAnchors,
    elapsedMs: base.now().getTime() - base.started.getTime(),
  };
}

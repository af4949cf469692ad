import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inTransaction, execute, isPostgres, rows, sqlWithLists } from '@kyso/database';
import { hashBatch, isItemError } from '@kyso/native';
import { type AuditRecorder, type Clock, auditEvent } from '@kyso/org';
import type { PdfInput } from '@kyso/pdf';
import type { TimestampProvider } from '@kyso/cms';
import { extendPdf, type TrustServices } from '@kyso/signing';
import type { BlobStore } from '@kyso/storage';
import { ArchiveError, ArchiveErrorCode } from '../archive.exception';
import type { ArchivePolicy } from '../protection/archive-policy';
import {
  assessProtection,
  isAlreadyProtected,
  type ProtectionAssessment,
  timestampHorizon,
} from '../protection/protection-assessment';
import { ProtectionRepository } from '../protection/protection.repository';
import type {
  ArchiveRunRepository,
  ItemFileResult,
  ItemResult,
  ItemState,
  RunItem,
} from './archive-run.repository';
import { byteSourceStream, sha256Of } from './pdf-output-stream';
import { DEFAULT_RETRY_POLICY, RetriesExhausted, type RetryPolicy, withRetries } from './transient-retry';

/** The file kinds that carry signatures: the leader-signed, the sealed, and what arrived from outside. */
export const MAIN_KINDS = ['signed', 'sealed', 'received'];

export interface StoredFileRow {
  id: string;
  document_id: string;
  version: number | string;
  kind: string;
  file_name: string;
  content_type: string;
  size: number | string;
  sha256: string;
  blob_key: string;
}

export interface AugmenterDeps {
  dataSource: DataSource;
  blobStore: BlobStore;
  trust: TrustServices;
  audit: AuditRecorder;
  clock: Clock;
  policy: ArchivePolicy;
  runs: ArchiveRunRepository;
  /** Issuer certificates to build paths with when a signature and AIA do not give them. */
  extraCertificates?: readonly Buffer[];
  /** Retries of transient TSA/OCSP failures per document (default DEFAULT_RETRY_POLICY). */
  retry?: RetryPolicy;
}

/** What preserving one file came to, before it is recorded. */
interface FileOutcome {
  file: StoredFileRow;
  outcome: ItemFileResult['outcome'];
  assessment: ProtectionAssessment;
  stored?: { key: string; sha256: string; size: number };
}

/** Thrown inside the recording transaction when another worker recorded the item first: roll back, do nothing. */
class AlreadyRecorded extends Error {}

/**
 * Thrown inside the recording transaction when the document got a newer file since it was read (another run, a
 * renewal, a new upload): roll back and let the item be claimed again, so it is judged on its current file.
 */
class Superseded extends Error {}

/** The files of a document to keep verifiable: its latest signed/sealed/received file and its latest attachments. */
export function filesToPreserve(files: readonly StoredFileRow[]): StoredFileRow[] {
  const pdfs = [...files]
    .filter((f) => f.content_type === 'application/pdf')
    .sort((a, b) => Number(a.version) - Number(b.version));
  const main = [...pdfs].reverse().find((f) => MAIN_KINDS.includes(f.kind));
  const attachments = new Map<string, StoredFileRow>();
  for (const f of pdfs) if (f.kind === 'attachment') attachments.set(f.file_name, f);
  // Attachments first, the main file last: its new version must stay the document's latest.
  return [...attachments.values(), ...(main ? [main] : [])];
}

/**
 * Raises the files of one document to B-LTA (fresh OCSP/CRL for every signature in a DSS, then a document timestamp)
 * and records the result idempotently:
 *   read blob → extend → write the new file under its own content-addressed key (atomic put) →
 *   one transaction: new file versions + audit entry + protection record + the item's state.
 * A crash before the commit leaves the item pending (at worst an unreferenced blob); a crash never leaves a
 * half-written stored PDF (the blob store renames a complete, fsynced file into place), and the old version is never
 * touched. If two workers race on one item, the second commit changes nothing.
 */
export class DocumentAugmenter {
  constructor(private readonly deps: AugmenterDeps) {}

  /** The files of each document of a batch, checked against their recorded SHA-256 in one native batch. */
  async loadBatch(
    documentIds: readonly string[],
  ): Promise<Map<string, { files: StoredFileRow[]; corrupt: string[] }>> {
    const found = await inTransaction(this.deps.dataSource, (tx) => {
      const q = sqlWithLists(tx);
      return rows<StoredFileRow>(
        tx,
        q`SELECT id, document_id, version, kind, file_name, content_type, size, sha256, blob_key FROM document_files WHERE document_id IN ${[...documentIds]} ORDER BY document_id, version`,
      );
    });
    const byDoc = new Map<string, { files: StoredFileRow[]; corrupt: string[] }>(
      documentIds.map((id) => [id, { files: [], corrupt: [] }]),
    );
    for (const f of found) byDoc.get(f.document_id)?.files.push(f);
    const chosen = [...byDoc.values()].flatMap((d) => filesToPreserve(d.files));
    const paths = chosen.map((f) => this.deps.blobStore.localPath(f.blob_key));
    // Fixity before anything is built on a file: one batch through the native core (local blobs), else per file.
    const digests = paths.every((p): p is string => !!p)
      ? await hashBatch(
          paths.map((path) => ({ path })),
          'sha256',
        )
      : undefined;
    for (const [i, f] of chosen.entries()) {
      const digest = digests
        ? digests[i]
        : await this.deps.blobStore
            .get(f.blob_key)
            .then((b) => hashBatch([b], 'sha256'))
            .then((r) => r[0]);
      const hex = !digest || isItemError(digest) ? null : digest.toString('hex');
      if (hex !== f.sha256)
        byDoc
          .get(f.document_id)!
          .corrupt.push(
            `${f.file_name} v${f.version}: ${hex === null ? 'unreadable' : `SHA-256 ${hex} ≠ recorded ${f.sha256}`}`,
          );
    }
    return byDoc;
  }

  /** Processes one claimed item; never throws for a document-level problem (the item records it as failed). */
  async process(
    item: RunItem,
    loaded: { files: StoredFileRow[]; corrupt: string[] } | undefined,
    options: { runKind: string },
  ): Promise<ItemState> {
    const now = () => this.deps.clock.now();
    try {
      if (!loaded)
        throw new ArchiveError(ArchiveErrorCode.SOURCE_UNREADABLE, { reason: 'document has no files' });
      if (loaded.corrupt.length)
        throw new ArchiveError(ArchiveErrorCode.BLOB_CORRUPT, { reason: loaded.corrupt.join('; ') });
      const outcomes = await withRetries(
        () => this.preserveFiles(filesToPreserve(loaded.files)),
        this.deps.retry ?? DEFAULT_RETRY_POLICY,
      );
      const state: ItemState = outcomes.some((o) => o.outcome === 'augmented')
        ? 'augmented'
        : outcomes.some((o) => o.outcome === 'fine')
          ? 'fine'
          : 'skipped';
      await this.record(item, state, outcomes, options.runKind);
      return state;
    } catch (err) {
      if (err instanceof AlreadyRecorded) return 'pending';
      if (err instanceof Superseded) {
        await inTransaction(this.deps.dataSource, (tx) => this.deps.runs.release(tx, item.id, now()));
        return 'pending';
      }
      const reason = describe(err);
      await inTransaction(this.deps.dataSource, (tx) =>
        this.deps.runs.complete(tx, item.id, 'failed', null, reason, now()),
      );
      return 'failed';
    }
  }

  /**
   * Assesses each file and extends those that need it (DSS, then a document timestamp). Retried as a whole on a
   * transient TSA/OCSP failure: a file stored by an earlier attempt is stored under its SHA-256 and found again.
   */
  private async preserveFiles(files: StoredFileRow[]): Promise<FileOutcome[]> {
    const now = () => this.deps.clock.now();
    const outcomes: FileOutcome[] = [];
    for (const file of files) {
      const input: PdfInput =
        this.deps.blobStore.localPath(file.blob_key) ?? (await this.deps.blobStore.get(file.blob_key));
      const before = await assessProtection(input, {
        policy: this.deps.policy,
        now: now(),
        extraCertificates: this.deps.extraCertificates,
      });
      if (before.level === 'unsigned') {
        outcomes.push({ file, outcome: 'unsigned', assessment: before });
        continue;
      }
      if (isAlreadyProtected(before, now())) {
        outcomes.push({ file, outcome: 'fine', assessment: before });
        continue;
      }
      const tsa = capturingTsa(this.deps.trust.tsa!);
      const output = await extendPdf(
        input,
        'B-LTA',
        { ...this.deps.trust, tsa },
        this.deps.extraCertificates ?? [],
      );
      if (!output || !tsa.tokenDer) throw new Error('extension produced no document timestamp');
      const source = output.toByteSource();
      const sha256 = await sha256Of(source);
      const key = `documents/sha256/${sha256.slice(0, 2)}/${sha256}.pdf`;
      if (!(await this.deps.blobStore.exists(key))) {
        const put = await this.deps.blobStore.put(key, byteSourceStream(source));
        if (put.sha256 !== sha256)
          throw new ArchiveError(ArchiveErrorCode.BLOB_CORRUPT, {
            reason: `wrote ${put.sha256} for ${sha256}`,
          });
      }
      // extendPdf refuses incomplete validation data, so the file is now B-LTA; only the new timestamp's limits are new.
      const horizon = timestampHorizon(tsa.tokenDer, this.deps.policy, this.deps.extraCertificates);
      const after: ProtectionAssessment = {
        level: 'B-LTA',
        signatures: before.signatures,
        validationDataComplete: true,
        lastTimestampAt: horizon.genTime,
        protectedUntil: horizon.until,
        limitedBy: horizon.why,
        renewAfter: new Date(horizon.until.getTime() - this.deps.policy.renewalMarginDays * 86_400_000),
      };
      outcomes.push({
        file,
        outcome: 'augmented',
        assessment: after,
        stored: { key, sha256, size: source.size },
      });
    }
    return outcomes;
  }

  private async record(
    item: RunItem,
    state: ItemState,
    outcomes: FileOutcome[],
    runKind: string,
  ): Promise<void> {
    await inTransaction(this.deps.dataSource, async (tx) => {
      const now = this.deps.clock.now();
      const q = sqlWithLists(tx);
      const [doc] = await rows<{ id: string; organisation_id: string }>(
        tx,
        isPostgres(tx)
          ? {
              text: 'SELECT id, organisation_id FROM documents WHERE id = $1 FOR UPDATE',
              params: [item.documentId],
            }
          : q`SELECT id, organisation_id FROM documents WHERE id = ${item.documentId}`,
      );
      if (!doc) throw new ArchiveError(ArchiveErrorCode.SOURCE_UNREADABLE, { reason: 'document vanished' });
      const current = await rows<StoredFileRow>(
        tx,
        q`SELECT id, document_id, version, kind, file_name, content_type, size, sha256, blob_key FROM document_files WHERE document_id = ${item.documentId}`,
      );
      const stillCurrent = new Set(filesToPreserve(current).map((f) => f.id));
      if (outcomes.some((o) => !stillCurrent.has(o.file.id))) throw new Superseded();
      let version = Math.max(0, ...current.map((f) => Number(f.version)));
      const files: ItemFileResult[] = [];
      for (const o of outcomes) {
        const result: ItemFileResult = {
          fileId: o.file.id,
          version: Number(o.file.version),
          kind: o.file.kind,
          outcome: o.outcome,
          sha256: o.file.sha256,
        };
        if (o.stored) {
          version += 1;
          const id = randomUUID();
          await execute(
            tx,
            q`INSERT INTO document_files (id, document_id, version, kind, file_name, content_type, size, sha256, blob_key, signature_status, signature_report, created_by, created_at)
              VALUES (${id}, ${item.documentId}, ${version}, ${o.file.kind}, ${o.file.file_name}, ${o.file.content_type}, ${o.stored.size}, ${o.stored.sha256}, ${o.stored.key}, ${null}, ${null}, ${null}, ${now.toISOString()})`,
          );
          Object.assign(result, { newFileId: id, newVersion: version, newSha256: o.stored.sha256 });
        }
        files.push(result);
      }
      const main = [...outcomes].reverse().find((o) => MAIN_KINDS.includes(o.file.kind));
      const mainResult = main ? files[outcomes.indexOf(main)] : undefined;
      if (main && mainResult) {
        await new ProtectionRepository().upsert(tx, {
          documentId: item.documentId,
          documentFileId: mainResult.newFileId ?? mainResult.fileId,
          organisationId: doc.organisation_id,
          sha256: mainResult.newSha256 ?? mainResult.sha256,
          assessment: main.assessment,
          checkedAt: now,
        });
      }
      const result: ItemResult = {
        files,
        protectedUntil: main?.assessment.protectedUntil?.toISOString() ?? null,
      };
      // If another worker recorded the item meanwhile, nothing of this transaction stays.
      if (
        !(await this.deps.runs.complete(
          tx,
          item.id,
          state as Exclude<ItemState, 'pending'>,
          result,
          null,
          now,
        ))
      )
        throw new AlreadyRecorded();
      // The audit entry last: it holds the organisation's chain lock until the commit.
      if (files.some((f) => f.outcome === 'augmented')) {
        await this.deps.audit.record(
          tx,
          auditEvent(runKind === 'renew' ? 'archive.timestamp-renewed' : 'archive.augmented', {
            chain: doc.organisation_id,
            actor: null,
            entity: { type: 'document', id: item.documentId },
            data: {
              runId: item.runId,
              files: files
                .filter((f) => f.outcome === 'augmented')
                .map((f) => ({ from: f.sha256, to: f.newSha256, version: f.newVersion })),
              protectedUntil: result.protectedUntil,
            },
          }),
          now,
        );
      }
    });
  }
}

/** The document timestamp of one extension, kept to record its limits without parsing the new file again. */
function capturingTsa(
  tsa: TimestampProvider & { lastTokenSize?: number },
): TimestampProvider & { lastTokenSize?: number; tokenDer?: Buffer } {
  const capture: TimestampProvider & { lastTokenSize?: number; tokenDer?: Buffer } = {
    digestAlgorithm: tsa.digestAlgorithm,
    lastTokenSize: tsa.lastTokenSize,
    async timestampImprint(imprint, options) {
      const result = await tsa.timestampImprint(imprint, options);
      capture.tokenDer = result.tokenDer;
      return result;
    },
  };
  return capture;
}

function describe(err: unknown): string {
  if (err instanceof RetriesExhausted)
    return `${describe(err.last)} (transient, still failing after ${err.attempts} attempts)`;
  const e = err as { code?: string; message?: string };
  return e?.code ? `${e.code}: ${e.message ?? ''}` : (e?.message ?? String(err));
}

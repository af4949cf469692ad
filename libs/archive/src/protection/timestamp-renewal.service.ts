import type { DataSource } from 'typeorm';
import { inTransaction, rows, sqlWithLists } from '@kyso/database';
import type { BlobStore } from '@kyso/storage';
import type { ArchiveRun } from '../augmentation/archive-run.repository';
import type { AugmentationService } from '../augmentation/augmentation.service';
import { filesToPreserve, type StoredFileRow } from '../augmentation/document-augmenter';
import { type ArchivePolicy, DEFAULT_ARCHIVE_POLICY } from './archive-policy';
import { assessProtection, type ProtectionAssessment } from './protection-assessment';
import { type ProtectionRecord, ProtectionRepository, type ProtectionState } from './protection.repository';

/** The daily job (apps/worker/src/jobs/timestamp-renewal.job.ts) that scans and starts a renewal run; no payload. */
export const TIMESTAMP_RENEWAL_JOB = 'archive.renew-timestamps';

export interface DueItem extends ProtectionRecord {
  numberSymbol: string | null;
  subject: string;
  organisationName: string;
}

export interface ScanResult {
  scanned: number;
  byState: Record<ProtectionState, number>;
}

/**
 * Archive timestamp renewal: records, for every stored document, until when its latest archive timestamp protects it
 * (TSA certificate expiry, algorithm end), lists what is due, and renews it well before that date with a new document
 * timestamp over everything (B-LTA again, through the augmentation run machinery, so renewal is resumable too).
 */
export class TimestampRenewalService {
  private readonly protection = new ProtectionRepository();

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      blobStore: BlobStore;
      clock: { now(): Date };
      policy?: ArchivePolicy;
      extraCertificates?: readonly Buffer[];
    },
    private readonly augmentation: AugmentationService,
  ) {}

  /** (Re)computes the protection of each document's current signed file; `documentIds` limits the scan. */
  async scan(options: { documentIds?: string[]; organisationIds?: string[] } = {}): Promise<ScanResult> {
    const ds = this.deps.dataSource;
    const files = await inTransaction(ds, (tx) => {
      const q = sqlWithLists(tx);
      const where =
        options.documentIds || options.organisationIds
          ? q`SELECT f.id, f.document_id, f.version, f.kind, f.file_name, f.content_type, f.size, f.sha256, f.blob_key, d.organisation_id FROM document_files f JOIN documents d ON d.id = f.document_id
              WHERE (f.document_id IN ${options.documentIds ?? []} OR d.organisation_id IN ${options.organisationIds ?? []}) ORDER BY f.document_id, f.version`
          : {
              text: 'SELECT f.id, f.document_id, f.version, f.kind, f.file_name, f.content_type, f.size, f.sha256, f.blob_key, d.organisation_id FROM document_files f JOIN documents d ON d.id = f.document_id ORDER BY f.document_id, f.version',
              params: [],
            };
      return rows<StoredFileRow & { organisation_id: string }>(tx, where);
    });
    const byDoc = new Map<string, Array<StoredFileRow & { organisation_id: string }>>();
    for (const f of files) byDoc.set(f.document_id, [...(byDoc.get(f.document_id) ?? []), f]);
    let scanned = 0;
    for (const [documentId, docFiles] of byDoc) {
      const chosen = filesToPreserve(docFiles);
      const main = chosen[chosen.length - 1] as (StoredFileRow & { organisation_id: string }) | undefined;
      if (!main || main.kind === 'attachment') continue;
      const now = this.deps.clock.now();
      let assessment: ProtectionAssessment | undefined;
      let error: string | undefined;
      try {
        const input =
          this.deps.blobStore.localPath(main.blob_key) ?? (await this.deps.blobStore.get(main.blob_key));
        assessment = await assessProtection(input, {
          policy: this.deps.policy ?? DEFAULT_ARCHIVE_POLICY,
          now,
          extraCertificates: this.deps.extraCertificates,
        });
      } catch (err) {
        error = (err as Error).message;
      }
      await inTransaction(ds, (tx) =>
        this.protection.upsert(tx, {
          documentId,
          documentFileId: main.id,
          organisationId: main.organisation_id,
          sha256: main.sha256,
          assessment,
          error,
          checkedAt: now,
        }),
      );
      scanned++;
    }
    return { scanned, byState: await inTransaction(ds, (tx) => this.protection.summary(tx)) };
  }

  /** What must be renewed by `at` (default now): the report an archivist reads. */
  due(at: Date = this.deps.clock.now()): Promise<DueItem[]> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const records = await this.protection.due(tx, at);
      if (records.length === 0) return [];
      const q = sqlWithLists(tx);
      const docs = await rows<{ id: string; number_symbol: string | null; subject: string; name: string }>(
        tx,
        q`SELECT d.id, d.number_symbol, d.subject, o.name FROM documents d JOIN organisations o ON o.id = d.organisation_id WHERE d.id IN ${records.map((r) => r.documentId)}`,
      );
      const byId = new Map(docs.map((d) => [d.id, d]));
      return records.map((r) => ({
        ...r,
        numberSymbol: byId.get(r.documentId)?.number_symbol ?? null,
        subject: byId.get(r.documentId)?.subject ?? '',
        organisationName: byId.get(r.documentId)?.name ?? '',
      }));
    });
  }

  /** Starts a renewal run over what is due at `at`; undefined when nothing is. Run it with AugmentationService.run. */
  async startRenewalRun(
    at: Date = this.deps.clock.now(),
    options: { createdBy?: string | null; claimSeconds?: number } = {},
  ): Promise<ArchiveRun | undefined> {
    const due = await this.due(at);
    if (due.length === 0) return undefined;
    return this.augmentation.startRun({
      kind: 'renew',
      scope: { documentIds: due.map((d) => d.documentId) },
      reason: `archive timestamp renewal: ${due.length} document(s) due by ${at.toISOString().slice(0, 10)}`,
      createdBy: options.createdBy,
      claimSeconds: options.claimSeconds,
    });
  }
}

import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import type { TimestampProvider } from '@kyso/cms';
import {
  ARCHIVE_AUGMENT_JOB,
  AugmentationService,
  EvidenceRecordService,
  groupHash,
  TimestampRenewalService,
  verifyEvidenceRecord,
  type ArchiveRun,
  type RunReport,
} from '@kyso/archive';
import { loadConfig } from '@kyso/config';
import { hashBatch, isItemError } from '@kyso/native';
import { createJobQueue } from '@kyso/queue';
import { createBlobStore } from '@kyso/storage';
import { type AuditRecorder, systemClock } from '@kyso/org';
import { createTrustServices } from '@kyso/signing';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, CommandRegistrar } from '../program';
import { withDatabase } from './cli-database';

/** For commands that only read (status, due, export): any attempt to timestamp says what is missing. */
const noTsa: TimestampProvider = {
  digestAlgorithm: 'sha256',
  timestampImprint: () =>
    Promise.reject(new CliError('a timestamp authority is needed: --tsa URL or KYSO_TSA_URL')),
};

function services(
  io: CliIo,
  ds: DataSource,
  audit: AuditRecorder,
  options: { tsa?: string; needsTsa: boolean },
) {
  const config = loadConfig(io.env);
  const url = options.tsa ?? config.signing.tsaUrl;
  if (!url && options.needsTsa)
    throw new CliError('a timestamp authority is needed: --tsa URL or KYSO_TSA_URL');
  // This run's one set of trust services, on the wall clock: the archive never runs on a test clock.
  const trust = createTrustServices({ tsaUrl: url, offline: config.signing.offline }, systemClock);
  if (!url) trust.tsa = noTsa;
  const blobStore = createBlobStore(config.storage);
  const augmentation = new AugmentationService({
    dataSource: ds,
    blobStore,
    trust,
    audit,
    clock: systemClock,
  });
  return {
    config,
    blobStore,
    trust,
    augmentation,
    renewal: new TimestampRenewalService({ dataSource: ds, blobStore, clock: systemClock }, augmentation),
  };
}

/** Runs here (`--wait`, or the embedded mode) or hands the run to the workers (BullMQ). */
async function execute(
  io: CliIo,
  s: ReturnType<typeof services>,
  run: ArchiveRun,
  wait: boolean | undefined,
  json: boolean | undefined,
): Promise<void> {
  if (!wait && s.config.queue.kind === 'redis') {
    const queue = createJobQueue(s.config.queue);
    try {
      await queue.enqueue(ARCHIVE_AUGMENT_JOB, { runId: run.id }, { jobId: run.id });
    } finally {
      await queue.close();
    }
    io.stdout(
      `đã chuyển cho worker / queued for the workers: run ${run.id} (kyso archive status ${run.id})\n`,
    );
    return;
  }
  const report = await s.augmentation.run(run.id, {
    onProgress: (c) => {
      if (!json)
        io.stderr(
          `  ${c.total - c.pending}/${c.total}: ${c.augmented} nâng / augmented, ${c.fine} đạt / fine, ${c.skipped} bỏ qua / skipped, ${c.failed} lỗi / failed\n`,
        );
    },
  });
  if (json) io.stdout(`${JSON.stringify({ runId: run.id, ...report }, null, 2)}\n`);
  else {
    io.stdout(
      `run ${run.id}: ${report.counts.augmented} augmented, ${report.counts.fine} already fine, ${report.counts.skipped} unsigned, ${report.counts.failed} failed\n`,
    );
    printFailures(io, report.failures);
  }
}

/**
 * What is still failing and why, one line per document. Transient failures (a TSA or OCSP that did not answer after
 * the retries) are told apart: a new run later may well succeed; the others need someone to look at the file.
 */
function printFailures(io: CliIo, failures: RunReport['failures']): void {
  if (!failures.length) return;
  const transient = failures.filter((f) => f.reason?.includes('(transient,')).length;
  io.stdout(
    `còn lỗi / still failing: ${failures.length} — ${transient} tạm thời, chạy lại sau / transient, run again later; ` +
      `${failures.length - transient} cần xem xét / need a look\n`,
  );
  for (const f of failures) io.stdout(`  ✗ ${f.documentId}: ${f.reason}\n`);
}

/**
 * `kyso archive …`: long-term preservation from the server's shell — B-LTA augmentation before certificates are
 * revoked, archive timestamp renewal, RFC 4998 evidence records for other files.
 */
export const registerArchive: CommandRegistrar = (program: Command, io: CliIo, setExit) => {
  const archive = program.command('archive').description('lưu trữ lâu dài / long-term preservation');

  archive
    .command('augment')
    .description(
      'nâng B-LTA / augment every signed PDF of the organisations a merger or split ends (or of --org)',
    )
    .option('--event <id>', 'reorganisation event (its ceasing organisations)')
    .option('--org <id>', 'organisation id (repeat)', (v: string, p: string[]) => [...p, v], [])
    .option('--tsa <url>', 'timestamp authority (default KYSO_TSA_URL)')
    .option('--wait', 'run in this process instead of handing the run to the workers')
    .option('--json', 'JSON output')
    .action(async (o: { event?: string; org: string[]; tsa?: string; wait?: boolean; json?: boolean }) => {
      if (!o.event && o.org.length === 0) throw new CliError('name --event or at least one --org');
      await withDatabase(io, async (ds, audit) => {
        const s = services(io, ds, audit, { tsa: o.tsa, needsTsa: true });
        const run = o.event
          ? await s.augmentation.startRunForEvent(o.event)
          : await s.augmentation.startRun({ scope: { organisationIds: o.org } });
        await execute(io, s, run, o.wait, o.json);
      });
    });

  archive
    .command('status')
    .description('tiến độ / progress and final report of a run')
    .argument('<runId>')
    .option('--json', 'JSON output')
    .action(async (runId: string, o: { json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const r = await services(io, ds, audit, { needsTsa: false }).augmentation.report(runId);
        if (o.json) return io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        const c = r.counts;
        io.stdout(
          `${r.run.kind} ${r.run.id} ${r.run.status}: ${c.total - c.pending}/${c.total} — ${c.augmented} augmented, ${c.fine} fine, ${c.skipped} unsigned, ${c.failed} failed\n`,
        );
        printFailures(io, r.failures);
      });
    });

  archive
    .command('due')
    .description('đến hạn gia hạn / documents whose archive timestamp must be renewed (scans first)')
    .option('--at <date>', 'due by this date (default today)')
    .option('--json', 'JSON output')
    .action(async (o: { at?: string; json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const s = services(io, ds, audit, { needsTsa: false });
        const scan = await s.renewal.scan();
        const due = await s.renewal.due(o.at ? new Date(`${o.at}T23:59:59Z`) : new Date());
        if (o.json) return io.stdout(`${JSON.stringify({ scan, due }, null, 2)}\n`);
        io.stdout(
          `${scan.scanned} văn bản / documents: ${Object.entries(scan.byState)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}\n`,
        );
        for (const d of due)
          io.stdout(
            `  ${d.renewAfter?.toISOString().slice(0, 10) ?? 'now'}  ${d.organisationName}  ${d.numberSymbol ?? d.documentId}  ${d.level}  ${d.limitedBy ?? 'not B-LTA'}\n`,
          );
      });
    });

  archive
    .command('renew')
    .description('gia hạn dấu thời gian / renew the archive timestamp of every document due')
    .option('--tsa <url>', 'timestamp authority (default KYSO_TSA_URL)')
    .option('--wait', 'run in this process')
    .option('--json', 'JSON output')
    .action(async (o: { tsa?: string; wait?: boolean; json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const s = services(io, ds, audit, { tsa: o.tsa, needsTsa: true });
        await s.renewal.scan();
        const run = await s.renewal.startRenewalRun();
        if (!run) return io.stdout('không có văn bản đến hạn / nothing is due\n');
        await execute(io, s, run, o.wait, o.json);
      });
    });

  const evidence = archive
    .command('evidence')
    .description('hồ sơ bằng chứng RFC 4998 / evidence records for files that are not signed PDFs');
  evidence
    .command('seal')
    .description('one timestamp over many files: each file (or the whole --dossier) gets its evidence record')
    .argument('<files...>')
    .option('--dossier <id>', 'protect the files together as one data group (a dossier)')
    .option('--label <text>', 'label of the batch')
    .option('--tsa <url>', 'timestamp authority (default KYSO_TSA_URL)')
    .action(async (files: string[], o: { dossier?: string; label?: string; tsa?: string }) => {
      await withDatabase(io, async (ds, audit) => {
        const s = services(io, ds, audit, { tsa: o.tsa, needsTsa: true });
        const ers = new EvidenceRecordService({
          dataSource: ds,
          blobStore: s.blobStore,
          tsa: s.trust.tsa!,
          clock: systemClock,
        });
        const paths = files.map((f) => resolve(f));
        const subjects = o.dossier
          ? [
              {
                subjectType: 'dossier',
                subjectId: o.dossier,
                label: o.label ?? o.dossier,
                sources: paths.map((path) => ({ path })),
              },
            ]
          : paths.map((path) => ({
              subjectType: 'file',
              subjectId: path,
              label: basename(path),
              sources: [{ path }],
            }));
        const batch = await ers.seal({ subjects, label: o.label });
        io.stdout(
          `lô / batch ${batch.id}: ${batch.leafCount} mục / items, gốc / root ${batch.root}, dấu thời gian / timestamp ${batch.genTime.toISOString()}\n`,
        );
      });
    });

  evidence
    .command('export')
    .description('write the RFC 4998 EvidenceRecord (DER) of a file or dossier')
    .argument('<subject>', 'file path (as sealed) or dossier id')
    .requiredOption('-o, --output <file>', 'where to write the .ers')
    .action(async (subject: string, o: { output: string }) => {
      await withDatabase(io, async (ds, audit) => {
        const s = services(io, ds, audit, { needsTsa: false });
        const ers = new EvidenceRecordService({
          dataSource: ds,
          blobStore: s.blobStore,
          tsa: s.trust.tsa!,
          clock: systemClock,
        });
        const items = [
          ...(await ers.findItems('dossier', subject)),
          ...(await ers.findItems('file', resolve(subject))),
        ];
        if (items.length === 0) throw new CliError(`no evidence record for ${subject}`);
        await writeFile(o.output, await ers.exportRecord(items[0].id));
        io.stdout(`đã ghi / written: ${o.output}\n`);
      });
    });

  archive
    .command('verify-evidence')
    .description(
      'kiểm tra hồ sơ bằng chứng / verify an RFC 4998 evidence record against the file(s) it protects',
    )
    .argument('<record>', '.ers file (DER)')
    .argument('<files...>', 'the file, or all files of the dossier')
    .option('--json', 'JSON output')
    .action(async (record: string, files: string[], o: { json?: boolean }) => {
      const der = await readFile(record);
      const result = await verifyEvidenceRecord(der, async (alg) => {
        const digests = await hashBatch(
          files.map((f) => ({ path: resolve(f) })),
          alg,
        );
        return groupHash(
          digests.map((d) => {
            if (isItemError(d)) throw new CliError(d.error.message);
            return d;
          }),
          alg,
        );
      });
      if (o.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        io.stdout(
          `${result.valid ? 'HỢP LỆ / VALID' : 'KHÔNG HỢP LỆ / INVALID'}: tồn tại từ / existed at ${result.existedAt?.toISOString() ?? '—'}, gia hạn trước / renew before ${result.renewBefore?.toISOString() ?? '—'}\n`,
        );
        for (const p of result.problems) io.stdout(`  ✗ ${p}\n`);
      }
      if (!result.valid) setExit(EXIT.FAILED);
    });
};

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { OrganisationHoldingsRepository } from '@kyso/documents';
import {
  type Actor,
  type AuditRecorder,
  type ContinuityDecisions,
  type ContinuityPlan,
  exportLineage,
  LineageService,
  readLineageGraph,
  ReorganisationService,
  type ReorganisationEvent,
  ScheduledReorganisations,
  systemClock,
  vietnamDate,
  vietnamIso,
} from '@kyso/org';
import { CliError } from '../cli-error';
import type { CliIo, CommandRegistrar } from '../program';
import { systemAdministrator, withDatabase } from './cli-database';

const collect = (value: string, previous: string[]) => [...previous, value];

interface EventOptions {
  effective: string;
  decision?: string;
  note?: string;
  as?: string;
  json?: boolean;
}

function printEvent(io: CliIo, event: ReorganisationEvent, json?: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(event, null, 2)}\n`);
    return;
  }
  io.stdout(
    `đã ghi nhận / recorded: ${event.kind} ${event.id}, hiệu lực / effective ${event.effectiveDate}, trạng thái / status ${event.status}\n`,
  );
}

/** What `continuityOptions` adds to `plan`, `approve` and `apply`. */
interface ContinuityFlags {
  mapUnit: string[];
  mapAssignment: string[];
  deactivate: string[];
  as?: string;
  json?: boolean;
}

/** `--map-unit FROM=TO` and `--deactivate USER` into the decisions the dry run and the apply take. */
function decisionsOf(
  o: Pick<ContinuityFlags, 'mapUnit' | 'mapAssignment' | 'deactivate'>,
): ContinuityDecisions {
  const pairs = (list: string[], flag: string) =>
    Object.fromEntries(
      list.map((p) => {
        const [from, to] = p.split('=');
        if (!from || !to) throw new CliError(`${flag} takes FROM=TO (unit ids), not "${p}"`);
        return [from.trim(), to.trim()];
      }),
    );
  return {
    units: pairs(o.mapUnit, '--map-unit'),
    assignments: pairs(o.mapAssignment, '--map-assignment'),
    users: Object.fromEntries(o.deactivate.map((u) => [u, { action: 'deactivate' as const }])),
  };
}

function printPlan(io: CliIo, plan: ContinuityPlan): void {
  const w = (s: string) => io.stdout(`${s}\n`);
  w(`Sắp xếp ${plan.kind} hiệu lực ${plan.effectiveDate} / ${plan.kind} effective ${plan.effectiveDate}`);
  w(`  chấm dứt / ceasing: ${plan.ceasing.map((o) => `${o.name} (${o.code ?? '—'})`).join(', ')}`);
  w(`  kế thừa / successors: ${plan.successors.map((o) => `${o.name} (${o.code ?? '—'})`).join(', ')}`);
  w(`  sổ đóng / registers to close: ${plan.registers.filter((r) => !r.alreadyClosed).length}`);
  for (const r of plan.registers.filter((x) => !x.alreadyClosed))
    w(`    ${r.name} — số cuối / last number ${r.lastNumber}`);
  w(`  văn bản chuyển / documents to move: ${plan.documents.length}`);
  for (const d of plan.documents)
    w(
      `    ${d.direction} ${d.status} ${d.registerNumber ?? ''} ${d.numberSymbol ?? ''} ${d.subject} → ${d.targetOrganisationId}${d.dueDate ? ` (hạn ${d.dueDate})` : ''}`,
    );
  w(`  phân công chuyển / assignments to move: ${plan.assignments.length}`);
  w(
    `  người dùng / users: ${plan.users.filter((u) => u.action === 'move').length} chuyển / move, ${plan.users.filter((u) => u.action === 'deactivate').length} khóa / deactivate`,
  );
  for (const u of plan.units)
    w(
      `    đơn vị / unit ${u.abbreviation} ${u.id} → ${u.targetUnitId ?? 'KHÔNG / none'}${u.inUse ? ' (đang dùng / in use)' : ''}`,
    );
  for (const a of plan.attention) w(`  ! ${a.documentId} ${a.status} ${a.numberSymbol ?? ''}: ${a.reason}`);
  w(`  văn bản đã ký cần nâng LTA / signed documents to augment: ${plan.signedDocuments}`);
  for (const p of plan.problems) w(`  ✗ ${p}`);
  w(`  mã kế hoạch / plan hash: ${plan.planHash}`);
}

/**
 * `kyso org …`: reorganisations recorded by the system administrator against the installation's database — merge,
 * split, rename, change of code, unit transfer — the lineage questions, and the continuity dry run and apply.
 */
export const registerOrg: CommandRegistrar = (program: Command, io: CliIo) => {
  const org = program
    .command('org')
    .description('sắp xếp tổ chức / reorganisations and organisation lineage');
  const holdings = new OrganisationHoldingsRepository();
  const lineageOf = (ds: DataSource, audit: AuditRecorder) =>
    new LineageService(ds, systemClock, audit, holdings);
  const reorganisationOf = (ds: DataSource, audit: AuditRecorder) =>
    new ReorganisationService(ds, systemClock, audit, holdings);
  /** Records one reorganisation as the system administrator and prints it; each command adds its own fields. */
  const recordEvent = (
    o: EventOptions,
    record: (
      lineage: LineageService,
      actor: Actor,
      common: { effectiveDate: string; decision?: string; note?: string },
    ) => Promise<ReorganisationEvent>,
  ) =>
    withDatabase(io, async (ds, audit) => {
      const actor = await systemAdministrator(ds, o.as);
      const common = { effectiveDate: o.effective, decision: o.decision, note: o.note };
      printEvent(io, await record(lineageOf(ds, audit), actor, common), o.json);
    });
  const eventOptions = (c: Command) =>
    c
      .requiredOption('--effective <date>', 'ngày có hiệu lực / first day in force, YYYY-MM-DD')
      .option('--decision <text>', 'văn bản quyết định / the decision, e.g. "Nghị quyết 1656/NQ-UBTVQH15"')
      .option('--note <text>', 'ghi chú / note')
      .option('--as <username>', 'system administrator to act as (default: the only one)')
      .option('--json', 'JSON output');

  eventOptions(
    org
      .command('merge')
      .description('hợp nhất, sáp nhập / A, B → C: --into C --from A --from B (ids or identification codes)')
      .requiredOption('--into <org>', 'the organisation that continues')
      .requiredOption('--from <org>', 'an organisation that merges into it (repeat)', collect, []),
  ).action((o: EventOptions & { into: string; from: string[] }) =>
    recordEvent(o, (lineage, actor, common) =>
      lineage.recordMerge(actor, { from: o.from, into: o.into, ...common }),
    ),
  );

  eventOptions(
    org
      .command('split')
      .description('chia tách / A → B, C: --from A --into B --into C [--primary B]')
      .requiredOption('--from <org>', 'the organisation that ceases')
      .requiredOption('--into <org>', 'a successor (repeat)', collect, [])
      .option(
        '--primary <org>',
        'successor receiving items still addressed to the old organisation (default: the first)',
      ),
  ).action((o: EventOptions & { from: string; into: string[]; primary?: string }) =>
    recordEvent(o, (lineage, actor, common) =>
      lineage.recordSplit(actor, { from: o.from, into: o.into, primary: o.primary, ...common }),
    ),
  );

  eventOptions(
    org
      .command('rename')
      .description('đổi tên / rename an organisation from a date')
      .argument('<org>', 'id or identification code')
      .requiredOption('--name <name>', 'new name')
      .option('--short-name <abbr>', 'new abbreviation used in symbols'),
  ).action((ref: string, o: EventOptions & { name: string; shortName?: string }) =>
    recordEvent(o, (lineage, actor, common) =>
      lineage.recordRename(actor, { organisation: ref, name: o.name, shortName: o.shortName, ...common }),
    ),
  );

  eventOptions(
    org
      .command('change-code')
      .description('đổi mã định danh / new identification code from a date (the old one keeps routing here)')
      .argument('<org>', 'id or current identification code')
      .requiredOption('--code <code>', 'new code, e.g. 000.00.70.H41'),
  ).action((ref: string, o: EventOptions & { code: string }) =>
    recordEvent(o, (lineage, actor, common) =>
      lineage.recordCodeChange(actor, { organisation: ref, code: o.code, ...common }),
    ),
  );

  eventOptions(
    org
      .command('transfer-unit')
      .description('điều chuyển đơn vị / move a unit to another organisation from a date')
      .argument('<unitId>', 'the unit')
      .requiredOption('--to <org>', 'receiving organisation')
      .option('--abbreviation <abbr>', 'the unit’s abbreviation there, if it must change'),
  ).action((unitId: string, o: EventOptions & { to: string; abbreviation?: string }) =>
    recordEvent(o, (lineage, actor, common) =>
      lineage.recordUnitTransfer(actor, { unitId, to: o.to, abbreviation: o.abbreviation, ...common }),
    ),
  );

  org
    .command('events')
    .description('các sự kiện sắp xếp / reorganisation events')
    .option('--status <status>', 'recorded | approved | held | applied | cancelled')
    .option('--json', 'JSON output')
    .action(async (o: { status?: ReorganisationEvent['status']; json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const events = await lineageOf(ds, audit).list({ status: o.status });
        if (o.json) return io.stdout(`${JSON.stringify(events, null, 2)}\n`);
        for (const e of events)
          io.stdout(
            `${e.id}  ${e.kind.padEnd(13)} ${e.effectiveDate}  ${e.status.padEnd(9)} ${e.decision ?? ''}\n`,
          );
      });
    });

  org
    .command('successors')
    .description('đơn vị kế thừa / who holds an organisation’s records on a date')
    .argument('<org>', 'id or identification code (current or old)')
    .option('--at <date>', 'YYYY-MM-DD (default today)')
    .option('--json', 'JSON output')
    .action(async (ref: string, o: { at?: string; json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const found = await lineageOf(ds, audit).successors(ref, o.at ?? vietnamDate(new Date()));
        if (o.json) return io.stdout(`${JSON.stringify(found, null, 2)}\n`);
        if (found.length === 0) io.stdout('không có đơn vị kế thừa / no successor\n');
        for (const s of found) {
          const via = s.path.map((l) => `${l.kind} ${l.effectiveDate}`).join(' → ');
          io.stdout(
            `${s.organisation.name} (${s.organisation.code ?? '—'}) ${s.organisation.id}${via ? `  [${via}]` : ''}\n`,
          );
        }
      });
    });

  org
    .command('predecessors')
    .description('đơn vị tiền thân / organisations whose records passed to this one')
    .argument('<org>', 'id or identification code')
    .option('--json', 'JSON output')
    .action(async (ref: string, o: { json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const found = await lineageOf(ds, audit).predecessors(ref);
        if (o.json) return io.stdout(`${JSON.stringify(found, null, 2)}\n`);
        for (const p of found)
          io.stdout(
            `${p.organisation.name} (${p.organisation.code ?? '—'})  ${p.link.kind} ${p.link.effectiveDate}\n`,
          );
      });
    });

  org
    .command('code-history')
    .description('lịch sử mã định danh / who held a code, and who holds those records today')
    .argument('<code>', 'identification code')
    .option('--json', 'JSON output')
    .action(async (code: string, o: { json?: boolean }) => {
      await withDatabase(io, async (ds, audit) => {
        const found = await lineageOf(ds, audit).codeHistory(code);
        if (o.json) return io.stdout(`${JSON.stringify(found, null, 2)}\n`);
        if (found.length === 0)
          io.stdout(`không có đơn vị nào mang mã / no organisation ever held ${code}\n`);
        for (const h of found) {
          const today =
            h.heldToday.map((r) => `${r.organisation.name} (${r.organisation.code ?? '—'})`).join(', ') ||
            '—';
          io.stdout(
            `${h.period.validFrom} … ${h.period.validTo ?? 'nay / now'}  ${h.period.name}  → nay / today: ${today}\n`,
          );
        }
      });
    });

  org
    .command('lineage')
    .description('dữ liệu kế thừa tổ chức / the lineage as a whole')
    .command('export')
    .description(
      'xuất dữ liệu kế thừa / the whole lineage as JSON, for `kyso verify --lineage FILE` away from the database',
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: { output?: string }) => {
      const exported = await withDatabase(io, async (ds) =>
        exportLineage(await readLineageGraph(ds.manager), systemClock.now()),
      );
      const text = `${JSON.stringify(exported, null, 2)}\n`;
      if (o.output) await writeFile(o.output, text, 'utf8');
      else io.stdout(text);
    });

  const continuityOptions = (c: Command) =>
    c
      .option(
        '--map-unit <from=to>',
        'map a unit of a ceasing organisation to a successor unit (repeat)',
        collect,
        [],
      )
      .option(
        '--map-assignment <id=unit>',
        'put an assignment under a unit of its document’s successor (repeat)',
        collect,
        [],
      )
      .option('--deactivate <userId>', 'deactivate this user instead of moving them (repeat)', collect, [])
      .option('--as <username>', 'system administrator to act as')
      .option('--json', 'JSON output');

  continuityOptions(
    org
      .command('plan')
      .description('chạy thử / dry run of the continuity of a merger or split')
      .argument('<eventId>'),
  ).action(async (eventId: string, o: ContinuityFlags) => {
    await withDatabase(io, async (ds, audit) => {
      const plan = await reorganisationOf(ds, audit).plan(
        await systemAdministrator(ds, o.as),
        eventId,
        decisionsOf(o),
      );
      if (o.json) io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
      else printPlan(io, plan);
    });
  });

  continuityOptions(
    org
      .command('approve')
      .description(
        'phê duyệt trước / approve the dry run ahead: applied by itself at 00:00 Vietnam time on the effective date',
      )
      .argument('<eventId>')
      .requiredOption(
        '--confirm <planHash>',
        'the plan hash printed by `kyso org plan` with the same options',
      )
      .option(
        '--at <instant>',
        'apply later than the effective instant (ISO 8601, e.g. 2025-07-01T07:30:00+07:00)',
      ),
  ).action(async (eventId: string, o: ContinuityFlags & { confirm: string; at?: string }) => {
    const applyAt = o.at === undefined ? undefined : new Date(o.at);
    if (applyAt && (Number.isNaN(applyAt.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(o.at!)))
      throw new CliError(`--at ${o.at}: not an ISO 8601 instant (2025-07-01T07:30:00+07:00)`);
    await withDatabase(io, async (ds, audit) => {
      const scheduled = new ScheduledReorganisations(ds, systemClock, audit, reorganisationOf(ds, audit));
      const event = await scheduled.approve(await systemAdministrator(ds, o.as), eventId, {
        decisions: decisionsOf(o),
        planHash: o.confirm,
        applyAt,
      });
      if (o.json) return io.stdout(`${JSON.stringify(event, null, 2)}\n`);
      io.stdout(
        `đã phê duyệt / approved: ${event.kind} ${event.id}, tự thực hiện lúc / applies by itself at ` +
          `${String(event.approval?.applyAt)} (giờ Việt Nam / Vietnam time: ${vietnamIso(new Date(String(event.approval?.applyAt)))})\n`,
      );
    });
  });

  continuityOptions(
    org
      .command('apply')
      .description('thực hiện / carry out the continuity of a merger or split, as confirmed by a dry run')
      .argument('<eventId>')
      .requiredOption(
        '--confirm <planHash>',
        'the plan hash printed by `kyso org plan` with the same options',
      ),
  ).action(async (eventId: string, o: ContinuityFlags & { confirm: string }) => {
    await withDatabase(io, async (ds, audit) => {
      const result = await reorganisationOf(ds, audit).apply(
        await systemAdministrator(ds, o.as),
        eventId,
        decisionsOf(o),
        o.confirm,
      );
      if (o.json) return io.stdout(`${JSON.stringify(result.counts, null, 2)}\n`);
      const c = result.counts;
      io.stdout(
        `đã thực hiện / applied: ${c.registersClosed} sổ đóng / registers closed, ${c.documentsMoved} văn bản / documents, ${c.assignmentsMoved} phân công / assignments, ` +
          `${c.usersMoved} người dùng chuyển / users moved, ${c.usersDeactivated} khóa / deactivated, ${c.unitsClosed} đơn vị đóng / units closed\n`,
      );
    });
  });
};

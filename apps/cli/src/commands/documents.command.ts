import type { Command } from 'commander';
import { loadConfig } from '@kyso/config';
import { createDomainServices, type DispatchResult, type RecipientInput } from '@kyso/documents';
import { type Actor, systemClock, User, UserRole } from '@kyso/org';
import { createBlobStore } from '@kyso/storage';
import type { DataSource } from 'typeorm';
import { CliError } from '../cli-error';
import type { CliIo, CommandRegistrar } from '../program';
import { withDatabase } from './cli-database';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The active user `username`, as the actor the domain checks roles and organisation of. */
async function userActor(ds: DataSource, username: string): Promise<Actor> {
  const user = await ds.manager.findOne(User, { where: { username, active: true } });
  if (!user) throw new CliError(`"${username}" is not an active user`);
  const roles = await ds.manager.find(UserRole, { where: { userId: user.id } });
  return {
    userId: user.id,
    organisationId: user.organisationId,
    unitId: user.unitId,
    roles: roles.map((r) => r.role),
  };
}

function printDispatch(io: CliIo, result: DispatchResult): void {
  io.stdout(`đã phát hành / dispatched ${result.document.numberSymbol ?? result.document.id}\n`);
  for (const r of result.recipients) {
    const routed = r.routedFrom
      ? ` (gửi / addressed to ${r.routedFrom.name}${r.routedFrom.code ? ` ${r.routedFrom.code}` : ''} → chuyển / routed, ${r.routedFrom.kind} ${r.routedFrom.effectiveDate})`
      : '';
    io.stdout(`  → ${r.name}${routed}\n`);
  }
  for (const t of result.downloadTokens)
    io.stdout(
      `  ↓ ${t.name}: /api/v1/public/downloads/${t.token} (hết hạn / expires ${t.expiresAt.toISOString()})\n`,
    );
}

/**
 * `kyso documents dispatch`: a clerk's dispatch from the installation's machine, the same service as
 * `POST /documents/{id}/dispatch`. Organisations are named by id or by identification code (resolved through the
 * lineage: a merged commune's old code goes to its successor, and the output says so).
 */
export const registerDocuments: CommandRegistrar = (program: Command, io: CliIo) => {
  const documents = program.command('documents').description('văn bản / documents');
  documents
    .command('dispatch')
    .description('phát hành / dispatch a sealed outgoing document')
    .argument('<documentId>')
    .requiredOption('--as <username>', 'the clerk (văn thư) who dispatches')
    .option('--to-code <code>', 'an organisation on this kyso by identification code (repeat)', collect, [])
    .option('--to-org <id>', 'an organisation on this kyso by id (repeat)', collect, [])
    .option('--to-name <name>', 'anyone else: gets a download link (repeat)', collect, [])
    .option('--json', 'JSON output')
    .action(
      async (
        documentId: string,
        o: { as: string; toCode: string[]; toOrg: string[]; toName: string[]; json?: boolean },
      ) => {
        const recipients: RecipientInput[] = [
          ...o.toCode.map((code) => ({ code })),
          ...o.toOrg.map((organisationId) => ({ organisationId })),
          ...o.toName.map((name) => ({ name })),
        ];
        await withDatabase(io, async (ds) => {
          const domain = createDomainServices({
            dataSource: ds,
            blobStore: createBlobStore(loadConfig(io.env).storage),
            clock: systemClock,
          });
          const result = await domain.dispatch.dispatch(await userActor(ds, o.as), documentId, {
            recipients,
          });
          if (o.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
          else printDispatch(io, result);
        });
      },
    );
};

import type { Command } from 'commander';
import { Pkcs11Module } from '@kyso/pkcs11';
import type { CliIo, CommandRegistrar } from '../program';
import { readSecret } from '../secrets';

export const registerToken: CommandRegistrar = (program: Command, io: CliIo) => {
  const token = program.command('token').description('thiết bị ký PKCS#11 / PKCS#11 tokens and HSMs');
  token
    .command('list')
    .description('list tokens; with a PIN also their keys and certificates')
    .requiredOption('--module <path>', 'PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so')
    .option('--token <label>', 'only this token')
    .option('--pin-env <var>', 'environment variable holding the PIN: also list keys and certificates')
    .option('--json', 'JSON output')
    .action(async (o: { module: string; token?: string; pinEnv?: string; json?: boolean }) => {
      const module = Pkcs11Module.load(o.module);
      try {
        const tokens = module
          .listTokens()
          .filter((t) => t.flags.tokenInitialized && (!o.token || t.label === o.token));
        const result = [];
        for (const t of tokens) {
          let objects;
          if (o.pinEnv) {
            const session = await module.openToken(
              { serial: t.serial },
              await readSecret(io, o.pinEnv, `PIN of ${t.label}`),
            );
            try {
              objects = (await session.listObjects()).map((x) => ({
                class: x.class,
                id: x.idHex,
                label: x.label,
                keyType: x.keyType,
                subject: x.subject,
                serial: x.serialHex,
              }));
            } finally {
              await session.close();
            }
          }
          result.push({
            label: t.label,
            serial: t.serial,
            manufacturer: t.manufacturer,
            model: t.model,
            flags: t.flags,
            objects,
          });
        }
        if (o.json) {
          io.stdout(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        if (result.length === 0) io.stdout('không có thiết bị ký / no token found\n');
        for (const t of result) {
          io.stdout(
            `${t.label}  serial ${t.serial}  ${t.manufacturer} ${t.model}${t.flags.userPinLocked ? '  [PIN LOCKED]' : ''}\n`,
          );
          for (const x of t.objects ?? []) {
            io.stdout(
              `  ${String(x.class).padEnd(12)} id ${x.id.padEnd(6)} ${x.label}${x.keyType ? ` (${x.keyType})` : ''}${x.subject ? `  ${x.subject}` : ''}\n`,
            );
          }
        }
      } finally {
        await module.close();
      }
    });
};

import type { Command } from 'commander';
import { verifyAuditTrail } from '@kyso/documents';
import { EXIT } from '../cli-error';
import type { CliIo, CommandRegistrar } from '../program';
import { withDatabase } from './cli-database';

export const registerAudit: CommandRegistrar = (program: Command, io: CliIo, setExit) => {
  const audit = program.command('audit').description('nhật ký kiểm tra / the tamper-evident audit trail');
  audit
    .command('verify')
    .description('recompute every hash of the audit trail: deleted or altered entries are reported (exit 1)')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      const report = await withDatabase(io, (ds) => verifyAuditTrail(ds));
      if (o.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const chain of report.chains) {
          io.stdout(
            `${chain.chainId}: ${chain.entries} mục / entries, ${chain.ok ? 'toàn vẹn / intact' : `${chain.problems.length} lỗi / problems`}\n`,
          );
          for (const p of chain.problems)
            io.stdout(`  - #${p.seq} ${p.kind}: ${p.messageVi} / ${p.message}\n`);
        }
        io.stdout(
          `${report.checkedEntries} mục đã kiểm tra / entries checked: ${report.ok ? 'OK' : 'CÓ SAI LỆCH / TAMPERED'}\n`,
        );
      }
      if (!report.ok) setExit(EXIT.FAILED);
    });
};

import type { Command } from 'commander';
import { systemClock } from '@kyso/org';
import { createTrustServices, extendPdf } from '@kyso/signing';
import { CliError } from '../cli-error';
import { writeOutputAtomically } from '../output-file';
import type { CliIo, CommandRegistrar } from '../program';
import { readCertificates } from './options';
import { parseLevelOption } from './sign.command';

export const registerExtend: CommandRegistrar = (program: Command, io: CliIo) => {
  program
    .command('extend')
    .description('nâng mức chữ ký / extend a signed PDF to B-LT (DSS) or B-LTA (document timestamp)')
    .argument('<input>', 'signed PDF')
    .requiredOption('-o, --output <file>', 'extended PDF to write')
    .requiredOption('--level <level>', 'B-LT | B-LTA')
    .option('--tsa <url>', 'RFC 3161 timestamp authority (required for B-LTA)')
    .option('--chain <file>', 'extra certificates (PEM) for building paths')
    .action(async (input: string, o: { output: string; level: string; tsa?: string; chain?: string }) => {
      const level = parseLevelOption(o.level);
      if (level !== 'B-LT' && level !== 'B-LTA') throw new CliError('--level must be B-LT or B-LTA');
      if (level === 'B-LTA' && !o.tsa) throw new CliError('B-LTA needs --tsa URL');
      const extra = o.chain ? await readCertificates(o.chain) : [];
      const trust = createTrustServices({ tsaUrl: o.tsa }, systemClock);
      const output = await extendPdf(input, level, trust, extra);
      if (!output) {
        io.stdout(`không có gì để thêm / nothing to add: ${input} already has all validation data\n`);
        return;
      }
      await writeOutputAtomically(output, o.output, input);
      io.stdout(`đã nâng mức / extended: ${o.output} (${level})\n`);
    });
};

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  type AppearanceRequest,
  type ClosableSigner,
  createTrustServices,
  openSigner,
  parseLevel,
  signPdf,
} from '@kyso/signing';
import { readCertificate } from '@kyso/cms';
import { systemClock } from '@kyso/org';
import { CliError } from '../cli-error';
import { writeOutputAtomically } from '../output-file';
import type { CliIo, CommandRegistrar } from '../program';
import { readSecret } from '../secrets';
import { parsePositiveInt, parseRect, readCertificates } from './options';

interface SignOptions {
  output: string;
  level: string;
  module?: string;
  token?: string;
  key?: string;
  keyId?: string;
  pinEnv?: string;
  p12?: string;
  p12PassEnv?: string;
  cert?: string;
  chain?: string;
  tsa?: string;
  appearance: string;
  image?: string;
  page?: string;
  rect?: string;
  docNumber?: string;
  signerName?: string;
  title?: string;
  copyType?: string;
  organisation?: string;
  certify?: string;
  reason?: string;
  location?: string;
  offline?: boolean;
}

async function openCliSigner(o: SignOptions, io: CliIo): Promise<ClosableSigner> {
  const chain = o.chain ? await readCertificates(o.chain) : undefined;
  if (o.p12 && o.module) throw new CliError('use either --p12 or --module, not both');
  if (o.p12) {
    const password = await readSecret(io, o.p12PassEnv, 'PKCS#12 password');
    return openSigner({ kind: 'p12', file: o.p12, password, chain });
  }
  if (!o.module)
    throw new CliError('give a signing key: --module PATH --token LABEL --key LABEL, or --p12 FILE');
  if (!o.token) throw new CliError('--token LABEL is required with --module');
  if (!o.key && !o.keyId) throw new CliError('--key LABEL or --key-id HEX is required with --module');
  if (o.keyId && !/^([0-9a-fA-F]{2})+$/.test(o.keyId))
    throw new CliError(`--key-id must be hex, not "${o.keyId}"`);
  const certificate = o.cert ? (await readCertificates(o.cert))[0] : undefined;
  const pin = await readSecret(io, o.pinEnv, `PIN of token ${o.token}`);
  return openSigner({
    kind: 'pkcs11',
    module: o.module,
    tokenLabel: o.token,
    keyLabel: o.key,
    keyIdHex: o.keyId?.toLowerCase(),
    pin,
    certificate,
    chain,
    chainFromAia: !o.offline,
  });
}

async function appearanceOf(o: SignOptions, signerCert: Buffer): Promise<AppearanceRequest> {
  const image = o.image ? await readFile(o.image) : undefined;
  const pageIndex = o.page ? parsePositiveInt('--page', o.page) - 1 : undefined;
  const rect = o.rect ? parseRect(o.rect) : undefined;
  switch (o.appearance) {
    case 'none':
      return { kind: 'none' };
    case 'leader': {
      const subject = readCertificate(signerCert).subject;
      const title = o.title ?? subject.rdns.flat().find((a) => a.type === '2.5.4.12')?.value;
      if (!title) throw new CliError('--title is required for the leader appearance (e.g. "CHỦ TỊCH")');
      return {
        kind: 'leader',
        signerName: o.signerName ?? subject.commonName ?? '',
        title,
        imagePng: image,
        pageIndex,
        rect,
      };
    }
    case 'seal':
      if (!image) throw new CliError('--image PNG (the red seal) is required for the seal appearance');
      return { kind: 'seal', imagePng: image, pageIndex, rect };
    case 'attachment':
      if (!o.docNumber)
        throw new CliError('--doc-number "05/QĐ-UBND" is required for the attachment appearance');
      return { kind: 'attachment', docNumber: o.docNumber };
    case 'copy':
      if (!o.copyType || !o.organisation)
        throw new CliError('--copy-type and --organisation are required for the copy appearance');
      return { kind: 'copy', copyType: o.copyType, organisation: o.organisation };
    default:
      throw new CliError(
        `--appearance must be leader, seal, attachment, copy or none, not "${o.appearance}"`,
      );
  }
}

export const registerSign: CommandRegistrar = (program: Command, io: CliIo) => {
  program
    .command('sign')
    .description('ký PDF theo PAdES / sign a PDF as PAdES B-B, B-T, B-LT or B-LTA')
    .argument('<input>', 'PDF to sign')
    .requiredOption('-o, --output <file>', 'signed PDF to write')
    .option('--level <level>', 'B-B | B-T | B-LT | B-LTA', 'B-B')
    .option('--module <path>', 'PKCS#11 library of the token or HSM')
    .option('--token <label>', 'token label')
    .option('--key <label>', 'private key label (CKA_LABEL)')
    .option('--key-id <hex>', 'private key id (CKA_ID, hex)')
    .option('--pin-env <var>', 'environment variable holding the PIN (else asked on the terminal)')
    .option('--p12 <file>', 'PKCS#12 file instead of a token')
    .option('--p12-pass-env <var>', 'environment variable holding the PKCS#12 password')
    .option('--cert <file>', 'signer certificate (default: the token object with the key id)')
    .option('--chain <file>', 'issuer certificates, PEM (default: fetched through AIA)')
    .option('--tsa <url>', 'RFC 3161 timestamp authority (required from B-T)')
    .option('--appearance <kind>', 'leader | seal | attachment | copy | none', 'none')
    .option('--image <png>', 'signature or seal image (transparent PNG)')
    .option('--page <n>', 'page of the visible signature (1 = first)')
    .option('--rect <x,y,w,h>', 'position in points from the bottom-left corner')
    .option('--doc-number <text>', 'number/symbol of the main document, e.g. "05/QĐ-UBND"')
    .option('--signer-name <text>', 'name under the leader signature (default: certificate CN)')
    .option('--title <text>', 'title above the leader signature, e.g. "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"')
    .option('--copy-type <text>', 'copy type for --appearance copy, e.g. "SAO Y"')
    .option('--organisation <text>', 'copying organisation for --appearance copy')
    .option('--certify <p>', 'certification signature with DocMDP permission 1, 2 or 3')
    .option('--reason <text>', 'reason (/Reason)')
    .option('--location <text>', 'location (/Location)')
    .option('--offline', 'never fetch over the network (no AIA, OCSP, CRL)')
    .action(async (input: string, o: SignOptions) => {
      const level = parseLevelOption(o.level);
      const certify = o.certify === undefined ? undefined : (Number(o.certify) as 1 | 2 | 3);
      if (certify !== undefined && ![1, 2, 3].includes(certify))
        throw new CliError('--certify must be 1, 2 or 3');
      if (level !== 'B-B' && !o.tsa) throw new CliError(`${level} needs --tsa URL`);
      const trust = createTrustServices({ tsaUrl: o.tsa, offline: o.offline }, systemClock);
      const signer = await openCliSigner(o, io);
      try {
        const appearance = await appearanceOf(o, signer.certificate);
        const output = await signPdf(input, signer, trust, {
          level,
          appearance,
          certify,
          reason: o.reason,
          location: o.location,
        });
        await writeOutputAtomically(output, o.output, input);
        io.stdout(
          `đã ký / signed: ${o.output} (${level}, ${readCertificate(signer.certificate).subject.commonName})\n`,
        );
      } finally {
        await signer.close?.();
      }
    });
};

export function parseLevelOption(text: string) {
  try {
    return parseLevel(text);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

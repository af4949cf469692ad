/* The signers of the interop matrix: tools that are not kyso (poppler's pdfsig, PoDoFo's podofosign, MuPDF's
 * mutool, the @signpdf Node packages) and kyso's own pipeline, each taking a PDF and returning it signed once
 * more. Every tool runs as a child process off the event loop, so the matrix can sign several files at once. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf, { Signer } from '@signpdf/signpdf';
import { PDFDocument } from 'pdf-lib';
import { extendPdf, SoftwareSigner } from '@kyso/signing';
import { type TestPkiEntity, testPki } from '@kyso/test-pki';
import { kysoSign, testTrustServices } from '../../support/kyso-signing';

const run = promisify(execFile);

const INSTALL_HINT: Record<string, string> = {
  pdfsig: 'apt-get install -y poppler-utils',
  podofosign: 'apt-get install -y libpodofo-utils',
  mutool: 'apt-get install -y mupdf-tools',
  certutil: 'apt-get install -y libnss3-tools',
  openssl: 'apt-get install -y openssl',
  pk12util: 'apt-get install -y libnss3-tools',
};

/** The empty signature field of the `field` input (test/support/pdf-fixtures.ts). */
export const EMPTY_FIELD = 'Sig1';

async function tool(name: string, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(name, args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(`${name} is not installed: ${INSTALL_HINT[name] ?? 'install it'}`);
    throw new Error(`${name} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Runs `fn` in a fresh directory holding the input as in.pdf, and returns out.pdf. */
async function inDir(pdf: Buffer, fn: (dir: string) => Promise<unknown>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-matrix-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await fn(dir);
    return await readFile(join(dir, 'out.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const nssDbs = new Map<string, Promise<{ dir: string; nick: string }>>();

/** An NSS database holding the entity's key and certificate, as pdfsig signs with it (one per entity). */
function nssDbFor(entity: TestPkiEntity): Promise<{ dir: string; nick: string }> {
  let db = nssDbs.get(entity.name);
  if (!db) {
    db = (async () => {
      const dir = await mkdtemp(join(tmpdir(), `kyso-matrix-nss-${entity.file}-`));
      await tool('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
      await tool('pk12util', ['-i', entity.p12Path, '-d', `sql:${dir}`, '-W', entity.p12Password, '-K', '']);
      const listing = await tool('certutil', ['-L', '-d', `sql:${dir}`]);
      const line = listing.split('\n').find((l) => /\bu,u,u\s*$/.test(l));
      if (!line) throw new Error(`pk12util imported no key for ${entity.name}`);
      return { dir, nick: line.replace(/\s+u,u,u\s*$/, '').trim() };
    })();
    nssDbs.set(entity.name, db);
  }
  return db;
}

/**
 * poppler's pdfsig. `into` signs an existing empty field (`-sign`), otherwise a new field is added
 * (`-add-signature`). poppler 22.12 refuses `-etsi` with `-add-signature` ("not supported yet") and, with
 * `-sign`, still writes /SubFilter adbe.pkcs7.detached (the CMS has signing-certificate-v2 either way).
 */
export async function pdfsigSign(
  pdf: Buffer,
  entity: TestPkiEntity,
  options: { into?: string; etsi?: boolean } = {},
): Promise<Buffer> {
  const { dir: nss, nick } = await nssDbFor(entity);
  const mode = options.into ? ['-sign', options.into] : ['-add-signature'];
  return inDir(pdf, (dir) =>
    tool(
      'pdfsig',
      [
        ...mode,
        ...(options.etsi ? ['-etsi'] : []),
        '-nssdir',
        `sql:${nss}`,
        '-nss-pwd',
        '',
        '-nick',
        nick,
        '-digest',
        'SHA256',
        '-reason',
        'Văn thư',
        'in.pdf',
        'out.pdf',
      ],
      dir,
    ),
  );
}

/** PoDoFo's podofosign (adbe.pkcs7.detached, SHA-256): a new field, or `existing` names an empty one to fill. */
export async function podofoSign(
  pdf: Buffer,
  entity: TestPkiEntity,
  options: { existing?: string } = {},
): Promise<Buffer> {
  const args = ['-in', 'in.pdf', '-out', 'out.pdf', '-cert', entity.certPath, '-pkey', entity.keyPath];
  args.push('-digest', 'SHA256', '-sigsize', '8192');
  if (options.existing) args.push('-field-name', options.existing, '-field-use-existing');
  return inDir(pdf, (dir) => tool('podofosign', args, dir));
}

/**
 * MuPDF's `mutool sign` into the empty field `field`. It can only fill an existing field, and it hashes with
 * SHA-1 whatever the key: under DSS's default policy that is INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE.
 */
export async function mutoolSign(pdf: Buffer, entity: TestPkiEntity, field = EMPTY_FIELD): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-matrix-mutool-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const fields = await tool('mutool', ['sign', 'in.pdf'], dir);
    // `mutool sign file` lists "  <object number>: Signature is not signed." for every empty signature field.
    const numbers = [...fields.matchAll(/^\s*(\d+): Signature is not signed\./gm)].map((m) => m[1]);
    const target = await fieldObjectNumber(pdf, field, numbers);
    await tool(
      'mutool',
      ['sign', '-s', entity.p12Path, '-P', entity.p12Password, '-o', 'out.pdf', 'in.pdf', target],
      dir,
    );
    return await readFile(join(dir, 'out.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The object number of the empty signature field named `field`, among those mutool lists as unsigned. */
async function fieldObjectNumber(pdf: Buffer, field: string, unsigned: string[]): Promise<string> {
  const doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
  for (const f of doc.getForm().getFields()) {
    if (f.getName() !== field) continue;
    const num = String(f.ref.objectNumber);
    if (unsigned.includes(num)) return num;
  }
  throw new Error(`mutool lists no empty signature field named ${field} (unsigned: ${unsigned.join(', ')})`);
}

/**
 * A @signpdf `Signer` whose CMS is made by OpenSSL (`openssl cms -sign`, detached, SHA-256; with `cades`,
 * the signing-certificate-v2 attribute of CAdES-BES): the CMS of neither kyso nor node-forge.
 */
class OpensslCmsSigner extends Signer {
  constructor(
    private readonly entity: TestPkiEntity,
    private readonly cades: boolean,
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const dir = await mkdtemp(join(tmpdir(), 'kyso-matrix-cms-'));
    try {
      await writeFile(join(dir, 'content.bin'), content);
      const args = ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-nosmimecap'];
      args.push('-signer', this.entity.certPath, '-inkey', this.entity.keyPath);
      args.push('-certfile', testPki().chainPath, '-in', 'content.bin', '-out', 'cms.der');
      if (this.cades) args.push('-cades');
      await tool('openssl', args, dir);
      return await readFile(join(dir, 'cms.der'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

export type SignpdfCms = 'openssl' | 'openssl-cades' | 'signer-p12';

/**
 * The @signpdf packages: an independent Node signer. A classic-xref file gets an incremental placeholder
 * (`placeholder-plain`); that helper cannot read xref streams, so such a file is rewritten by pdf-lib with
 * the placeholder (`placeholder-pdf-lib`), which is only fair before any other signature exists. The CMS
 * comes from OpenSSL (adbe.pkcs7.detached, or ETSI.CAdES.detached with `openssl-cades`), or from
 * `@signpdf/signer-p12`, whose node-forge writes the issuer's UTF8String name re-encoded (each UTF-8 byte
 * as a character), so with the test PKI's Vietnamese names the signer identifier matches no certificate.
 */
export async function signpdfSign(
  pdf: Buffer,
  entity: TestPkiEntity,
  cms: SignpdfCms = 'openssl',
): Promise<Buffer> {
  const meta = { reason: 'Tiếp nhận', contactInfo: 'vanthu@example.vn', name: 'signpdf', location: 'VN' };
  const placeholder = {
    ...meta,
    signatureLength: 16384,
    subFilter: cms === 'openssl-cades' ? 'ETSI.CAdES.detached' : 'adbe.pkcs7.detached',
  };
  let prepared: Buffer;
  if (isXrefStream(pdf)) {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    pdflibAddPlaceholder({ pdfDoc: doc, ...placeholder });
    prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  } else {
    prepared = plainAddPlaceholder({ pdfBuffer: pdf, ...placeholder });
  }
  const signer =
    cms === 'signer-p12'
      ? new P12Signer(await readFile(entity.p12Path), { passphrase: entity.p12Password })
      : new OpensslCmsSigner(entity, cms === 'openssl-cades');
  return signpdf.sign(prepared, signer);
}

/** Whether the last cross-reference section of the file is a stream (what placeholder-plain cannot read). */
export function isXrefStream(pdf: Buffer): boolean {
  const tail = pdf.subarray(Math.max(0, pdf.length - 64)).toString('latin1');
  const at = Number(/startxref\s+(\d+)/.exec(tail)?.[1]);
  return !pdf
    .subarray(at, at + 4)
    .toString('latin1')
    .startsWith('xref');
}

const kysoSigners = new Map<string, Promise<SoftwareSigner>>();

/** kyso's own pipeline at B-T (signature time-stamp from the test TSA). */
export async function kysoSignBT(pdf: Buffer, entity: TestPkiEntity): Promise<Buffer> {
  let signer = kysoSigners.get(entity.name);
  if (!signer) {
    signer = SoftwareSigner.fromPkcs12(entity.p12Path, testPki().p12Password);
    kysoSigners.set(entity.name, signer);
  }
  return kysoSign(pdf, await signer, 'B-T');
}

/** `kyso extend`: a DSS (B-LT), then a document time-stamp (B-LTA), over whatever signed the file. */
export async function kysoExtend(pdf: Buffer, level: 'B-LT' | 'B-LTA'): Promise<Buffer> {
  const out = await extendPdf(pdf, level, testTrustServices());
  if (!out) throw new Error(`kyso extend to ${level} appended nothing`);
  return out.toBuffer();
}

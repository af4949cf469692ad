/* Test helpers: PDFs signed by independent tools (poppler's pdfsig, PoDoFo's podofosign) with the test PKI,
 * and incremental updates that attack them. Used by the specs only; never exported from the library. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { appendDss, IncrementalUpdate, listPages, PdfDict, PdfName, PdfReader, PdfStream } from '@kyso/pdf';
import type { TestPkiEntity } from '@kyso/test-pki';

const run = promisify(execFile);

const INSTALL_HINT: Record<string, string> = {
  pdfsig: 'apt-get install poppler-utils',
  podofosign: 'apt-get install libpodofo-utils',
  certutil: 'apt-get install libnss3-tools',
  pk12util: 'apt-get install libnss3-tools',
  qpdf: 'apt-get install qpdf',
};

async function tool(name: string, args: string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(name, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error(`${name} is not installed: ${INSTALL_HINT[name] ?? 'install it'}`);
    throw new Error(`${name} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** A small unsigned PDF made with pdf-lib (no object streams, so every tool can sign it). */
export async function plainPdf(options: { pages?: number; text?: string } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (options.pages ?? 1); i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(options.text ?? `Quyet dinh so 15/QD-UBND - trang ${i + 1}`, {
      x: 50,
      y: 760,
      size: 16,
      font,
    });
    page.drawText('Signed content that must not change.', { x: 50, y: 700, size: 12, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * `plainPdf` with an interactive form whose /AcroForm is a direct dictionary of the catalog (an empty /Fields),
 * added as a classic-xref incremental update: the input on which poppler adds a signature without listing it.
 */
export async function plainPdfWithDirectAcroForm(): Promise<Buffer> {
  const reader = await PdfReader.open(await plainPdf());
  const update = new IncrementalUpdate(reader, { xrefFormat: 'table' });
  const catalog = (await reader.catalog()).clone();
  catalog.set('AcroForm', new PdfDict({ Fields: [] }));
  update.set(reader.trailer.getRef('Root')!, catalog);
  return (await update.write()).toBuffer();
}

/** `plainPdf` encrypted by qpdf (AES-256, empty user password): strings and streams are encrypted. */
export async function encryptedPlainPdf(): Promise<Buffer> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'in.pdf'), await plainPdf());
    await tool('qpdf', ['--encrypt', '', 'owner', '256', '--', 'in.pdf', 'out.pdf'], dir);
    return readFile(join(dir, 'out.pdf'));
  });
}

const nssDbs = new Map<string, Promise<{ dir: string; nick: string }>>();

/** An NSS database holding the entity's PKCS#12 (one per entity per process). */
async function nssDbFor(entity: TestPkiEntity): Promise<{ dir: string; nick: string }> {
  let db = nssDbs.get(entity.name);
  if (!db) {
    db = (async () => {
      const dir = await mkdtemp(join(tmpdir(), `kyso-nss-${entity.file}-`));
      await tool('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
      await tool('pk12util', ['-i', entity.p12Path, '-d', `sql:${dir}`, '-W', entity.p12Password]);
      const { stdout } = await tool('certutil', ['-L', '-d', `sql:${dir}`]);
      const line = stdout.split('\n').find((l) => /\bu,u,u\s*$/.test(l));
      if (!line) throw new Error(`no user certificate in the NSS database for ${entity.name}`);
      return { dir, nick: line.replace(/\s+u,u,u\s*$/, '').trim() };
    })();
    nssDbs.set(entity.name, db);
  }
  return db;
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-sign-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Signs with `pdfsig -add-signature` (adbe.pkcs7.detached, SHA-256), as an incremental update. */
export async function signWithPdfsig(
  pdf: Buffer,
  entity: TestPkiEntity,
  options: { field?: string; reason?: string } = {},
): Promise<Buffer> {
  const { dir: nss, nick } = await nssDbFor(entity);
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const args = [
      '-add-signature',
      '-nssdir',
      `sql:${nss}`,
      '-nss-pwd',
      '',
      '-digest',
      'SHA256',
      '-nick',
      nick,
    ];
    if (options.field) args.push('-new-signature-field-name', options.field);
    if (options.reason) args.push('-reason', options.reason);
    await tool('pdfsig', [...args, 'in.pdf', 'out.pdf'], dir);
    return readFile(join(dir, 'out.pdf'));
  });
}

/** Signs with `podofosign` (adbe.pkcs7.detached), optionally with a visible widget on page 1. */
export async function signWithPodofo(
  pdf: Buffer,
  entity: TestPkiEntity,
  options: { visible?: boolean; field?: string } = {},
): Promise<Buffer> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const args = [
      '-in',
      'in.pdf',
      '-out',
      'out.pdf',
      '-cert',
      entity.certPath,
      '-pkey',
      entity.keyPath,
      '-digest',
      'SHA256',
      '-sigsize',
      '8192',
    ];
    if (options.field) args.push('-field-name', options.field);
    if (options.visible)
      args.push('-annot-position', '1,20,20,60,20', '-annot-print', '-annot-text', '2,5,kyso');
    await tool('podofosign', args, dir);
    return readFile(join(dir, 'out.pdf'));
  });
}

/** Runs pdfsig on a file and returns its text (it exits 0 even on failure: the text is the verdict). */
export async function pdfsigReport(pdf: Buffer, nssDir?: string): Promise<string> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'f.pdf'), pdf);
    const args = nssDir ? ['-nssdir', `sql:${nssDir}`, 'f.pdf'] : ['-nocert', 'f.pdf'];
    const { stdout } = await tool('pdfsig', args, dir);
    return stdout;
  });
}

/** The PDF with one byte inside the first signed range changed (a harmless spot in the page content). */
export function tamperSignedByte(pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  const at = out.indexOf('Signed content');
  if (at < 0) {
    out[200] ^= 0x01;
    return out;
  }
  out[at] = 'Z'.charCodeAt(0);
  return out;
}

async function update(
  pdf: Buffer,
  fn: (u: IncrementalUpdate, reader: PdfReader) => Promise<void>,
): Promise<Buffer> {
  const reader = await PdfReader.open(pdf);
  const u = new IncrementalUpdate(reader);
  await fn(u, reader);
  return (await u.write()).toBuffer();
}

/** Appends an update that replaces page 1's content stream: what a signed document must never accept. */
export async function appendPageContentChange(pdf: Buffer): Promise<Buffer> {
  return update(pdf, async (u, reader) => {
    const page = (await listPages(reader))[0];
    const text = 'BT /F1 24 Tf 50 600 Td (PAY 1,000,000,000 VND) Tj ET';
    const content = u.add(new PdfStream(new PdfDict({ Length: text.length }), Buffer.from(text, 'latin1')));
    const dict = page.dict.clone().set('Contents', content);
    u.set(page.ref, dict);
  });
}

/** Appends a filled white Square annotation over the signed text, with its own appearance (an overlay). */
export async function appendOverlayAnnotation(pdf: Buffer): Promise<Buffer> {
  return update(pdf, async (u, reader) => {
    const page = (await listPages(reader))[0];
    const body = '1 1 1 rg 0 0 500 120 re f 0 g BT /Helv 14 Tf 10 50 Td (Covered) Tj ET';
    const ap = u.add(
      new PdfStream(
        new PdfDict({
          Type: new PdfName('XObject'),
          Subtype: new PdfName('Form'),
          BBox: [0, 0, 500, 120],
          Length: body.length,
        }),
        Buffer.from(body, 'latin1'),
      ),
    );
    const annot = u.add(
      new PdfDict({
        Type: new PdfName('Annot'),
        Subtype: new PdfName('Square'),
        Rect: [40, 650, 540, 770],
        F: 4,
        P: page.ref,
        AP: new PdfDict({ N: ap }),
      }),
    );
    const annots = (await reader.resolveArray(page.dict.get('Annots'))) ?? [];
    u.set(page.ref, page.dict.clone().set('Annots', [...annots, annot]));
  });
}

/** Appends a /DSS with the given certificates (what B-LT extension does), through libs/pdf. */
export async function appendDssWith(
  pdf: Buffer,
  certs: readonly Buffer[],
  crls: readonly Buffer[] = [],
): Promise<Buffer> {
  return (await appendDss(pdf, { certs, crls })).toBuffer();
}

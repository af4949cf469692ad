import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Test support: independent tools (qpdf, mutool, poppler, openssl) as judges of our output.

const INSTALL_HINT: Record<string, string> = {
  qpdf: 'apt-get install -y qpdf',
  mutool: 'apt-get install -y mupdf-tools',
  pdftotext: 'apt-get install -y poppler-utils',
  pdfsig: 'apt-get install -y poppler-utils',
  openssl: 'apt-get install -y openssl',
};

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool; a missing binary fails with the command that installs it. */
export function runTool(command: string, args: string[], input?: Buffer): ToolResult {
  const result = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${command} is not installed: ${INSTALL_HINT[command] ?? `install ${command}`}`);
  }
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** A temporary directory removed by the returned cleanup function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-pdf-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `qpdf --check`: exit 0 means no errors; 3 means warnings only. */
export function qpdfCheck(pdf: Buffer): ToolResult {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'in.pdf');
    writeFileSync(path, pdf);
    return runTool('qpdf', ['--check', path]);
  } finally {
    cleanup();
  }
}

/** Rewrites a PDF with qpdf (e.g. `--object-streams=generate`, `--linearize`). */
export function qpdfRewrite(pdf: Buffer, args: string[]): Buffer {
  const { dir, cleanup } = tempDir();
  try {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'out.pdf');
    writeFileSync(input, pdf);
    const result = runTool('qpdf', [...args, input, output]);
    if (result.status !== 0 && result.status !== 3) throw new Error(`qpdf failed: ${result.stderr}`);
    return readFileSync(output);
  } finally {
    cleanup();
  }
}

/** Runs a tool on a PDF written to a temporary file ({} in args is replaced by its path). */
export function runOnPdf(command: string, args: string[], pdf: Buffer): ToolResult {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, pdf);
    return runTool(
      command,
      args.map((a) => (a === '{}' ? path : a)),
    );
  } finally {
    cleanup();
  }
}

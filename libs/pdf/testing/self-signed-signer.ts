import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool, tempDir } from './external-tools';

/**
 * Test support: a throwaway EC key and self-signed certificate made by the openssl CLI, used to put a
 * real CMS into a prepared placeholder so that pdfsig / mutool / openssl can judge the byte range.
 * The CMS itself is libs/cms's job; this only proves the PDF side.
 */
export class SelfSignedSigner {
  private constructor(
    private readonly dir: string,
    readonly cleanup: () => void,
  ) {}

  static create(): SelfSignedSigner {
    const { dir, cleanup } = tempDir();
    const result = runTool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=kyso pdf test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    if (result.status !== 0) throw new Error(`openssl req failed: ${result.stderr}`);
    return new SelfSignedSigner(dir, cleanup);
  }

  /** A detached CMS SignedData (DER) over `content`. */
  sign(content: Buffer): Buffer {
    const input = join(this.dir, 'content.bin');
    const output = join(this.dir, 'sig.der');
    writeFileSync(input, content);
    const result = runTool('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nosmimecap',
      '-in',
      input,
      '-signer',
      join(this.dir, 'cert.pem'),
      '-inkey',
      join(this.dir, 'key.pem'),
      '-outform',
      'DER',
      '-out',
      output,
    ]);
    if (result.status !== 0) throw new Error(`openssl cms -sign failed: ${result.stderr}`);
    return readFileSync(output);
  }

  /** `openssl cms -verify` of a detached signature over `content` (certificate trust not checked). */
  verify(der: Buffer, content: Buffer): boolean {
    const sig = join(this.dir, 'verify.der');
    const data = join(this.dir, 'verify.bin');
    writeFileSync(sig, der);
    writeFileSync(data, content);
    const result = runTool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      sig,
      '-content',
      data,
      '-noverify',
      '-out',
      '/dev/null',
    ]);
    return result.status === 0 && /Verification successful/.test(result.stderr);
  }
}

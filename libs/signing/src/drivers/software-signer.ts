import { createPublicKey, type KeyObject, sign as nodeSign, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DigestAlgorithm, SignatureScheme, Signer } from '../signer';
import { SigningError, SigningErrorCode } from '../signing.error';
import { readPkcs12 } from './pkcs12';

/**
 * A key held in memory (tests, demos, an organisation that keeps its seal in a PKCS#12 file).
 * Signing runs through node:crypto's async API so it never blocks the event loop.
 */
export class SoftwareSigner implements Signer {
  readonly scheme: SignatureScheme;

  constructor(
    private readonly key: KeyObject,
    readonly certificate: Buffer,
    readonly chain: readonly Buffer[],
    scheme?: SignatureScheme,
  ) {
    const type = key.asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ec' && type !== 'rsa-pss') {
      throw new SigningError(SigningErrorCode.UNKNOWN_SIGNER_KIND, `unsupported key type ${type}`);
    }
    const certKey = new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
    if (!createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(certKey)) {
      throw new SigningError(
        SigningErrorCode.KEY_CERTIFICATE_MISMATCH,
        'the private key does not belong to the certificate',
      );
    }
    this.scheme = scheme ?? (type === 'ec' ? 'ecdsa' : type === 'rsa-pss' ? 'rsa-pss' : 'rsa-pkcs1');
  }

  /** `extraChain`: issuer certificates to add when the file does not carry the whole chain. */
  static async fromPkcs12(
    file: string | Buffer,
    password: string,
    options: { scheme?: SignatureScheme; extraChain?: readonly Buffer[] } = {},
  ): Promise<SoftwareSigner> {
    const data = typeof file === 'string' ? await readFile(file) : file;
    const p12 = await readPkcs12(data, password);
    const chain = orderChain(p12.certificate, [...p12.others, ...(options.extraChain ?? [])]);
    return new SoftwareSigner(p12.privateKey, p12.certificate, dedupe(chain), options.scheme);
  }

  sign(data: Buffer, digest: DigestAlgorithm): Promise<Buffer> {
    const options =
      this.scheme === 'rsa-pss'
        ? { key: this.key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: digestLength(digest) }
        : { key: this.key, dsaEncoding: 'der' as const };
    return new Promise((resolve, reject) =>
      nodeSign(digest, data, options, (err, sig) => (err ? reject(err) : resolve(sig))),
    );
  }
}

function dedupe(certs: Buffer[]): Buffer[] {
  return certs.filter((c, i) => certs.findIndex((d) => d.equals(c)) === i);
}

export function digestLength(digest: DigestAlgorithm): number {
  return digest === 'sha256' ? 32 : digest === 'sha384' ? 48 : 64;
}

/** Orders loose issuer certificates into a path from the signer's issuer upwards; unrelated ones go last. */
export function orderChain(leaf: Buffer, pool: readonly Buffer[]): Buffer[] {
  const remaining = pool.map((der) => ({ der, x: new X509Certificate(der) }));
  const ordered: Buffer[] = [];
  let current = new X509Certificate(leaf);
  for (;;) {
    const i = remaining.findIndex((c) => current.checkIssued(c.x) && current.verify(c.x.publicKey));
    if (i < 0 || current.subject === current.issuer) break;
    const [next] = remaining.splice(i, 1);
    ordered.push(next.der);
    current = next.x;
  }
  return [...ordered, ...remaining.map((c) => c.der)];
}

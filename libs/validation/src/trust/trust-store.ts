import { promises as fs } from 'node:fs';
import { extname, join } from 'node:path';
import { type CertificateInfo, readCertificate } from '@kyso/cms';
import { ValidationError, ValidationErrorCode } from '../validation-error';

const CERT_EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der']);
const PEM_BLOCK =
  /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** Splits PEM text into certificate DERs; a file that is not PEM is taken as one DER certificate. */
export function certificatesFromBytes(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return [bytes];
  return [...text.matchAll(PEM_BLOCK)].map((m) =>
    Buffer.from(m[1].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'),
  );
}

/**
 * The certificates a deployment trusts as chain ends (for kyso in Vietnam: the national root CAs).
 * Anchors are matched by exact certificate or by subject + public key (a re-issued root with the same key).
 */
export class TrustStore {
  private readonly bySha256 = new Map<string, CertificateInfo>();
  private readonly byNameAndKey = new Set<string>();

  private constructor(
    readonly anchors: readonly CertificateInfo[],
    /** Files that were skipped, with the reason (unreadable, not a certificate). */
    readonly skipped: readonly { readonly path: string; readonly reason: string }[],
  ) {
    for (const a of anchors) {
      this.bySha256.set(a.sha256FingerprintHex, a);
      this.byNameAndKey.add(nameAndKey(a));
    }
  }

  static empty(): TrustStore {
    return new TrustStore([], []);
  }

  /** From DER or PEM certificates in memory. Throws TRUST_ANCHOR_INVALID for one that does not parse. */
  static fromCertificates(certificates: readonly (Uint8Array | string)[]): TrustStore {
    const anchors: CertificateInfo[] = [];
    for (const input of certificates) {
      const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input);
      for (const der of certificatesFromBytes(bytes)) {
        try {
          anchors.push(readCertificate(der));
        } catch (cause) {
          throw new ValidationError(ValidationErrorCode.TRUST_ANCHOR_INVALID, {
            detail: (cause as Error).message,
          });
        }
      }
    }
    return new TrustStore(dedupe(anchors), []);
  }

  /**
   * From PEM/DER files and directories (every *.pem, *.crt, *.cer, *.der directly inside). A path that
   * does not exist is an error (TRUST_PATH_NOT_FOUND): a typo must not silently trust nothing.
   */
  static async load(paths: readonly string[]): Promise<TrustStore> {
    const anchors: CertificateInfo[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const path of paths) {
      let stat;
      try {
        stat = await fs.stat(path);
      } catch {
        throw new ValidationError(ValidationErrorCode.TRUST_PATH_NOT_FOUND, { detail: path });
      }
      const files = stat.isDirectory()
        ? (await fs.readdir(path))
            .filter((f) => CERT_EXTENSIONS.has(extname(f).toLowerCase()))
            .sort()
            .map((f) => join(path, f))
        : [path];
      for (const file of files) {
        try {
          const ders = certificatesFromBytes(await fs.readFile(file));
          if (ders.length === 0) throw new Error('no certificate in file');
          for (const der of ders) anchors.push(readCertificate(der));
        } catch (cause) {
          if (!stat.isDirectory()) {
            throw new ValidationError(ValidationErrorCode.TRUST_ANCHOR_INVALID, {
              detail: `${file}: ${(cause as Error).message}`,
            });
          }
          skipped.push({ path: file, reason: (cause as Error).message });
        }
      }
    }
    return new TrustStore(dedupe(anchors), skipped);
  }

  get size(): number {
    return this.anchors.length;
  }

  /** True when the certificate is an anchor, or has an anchor's subject and public key. */
  isAnchor(cert: CertificateInfo): boolean {
    return this.bySha256.has(cert.sha256FingerprintHex) || this.byNameAndKey.has(nameAndKey(cert));
  }
}

function nameAndKey(cert: CertificateInfo): string {
  return `${cert.subject.der.toString('hex')}/${cert.spkiDer.toString('hex')}`;
}

function dedupe(list: CertificateInfo[]): CertificateInfo[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.sha256FingerprintHex) && seen.add(c.sha256FingerprintHex));
}

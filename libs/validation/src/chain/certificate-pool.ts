import { type CertificateInfo, namesEqual } from '@kyso/cms';

/** Where a candidate certificate came from; reported so a user sees why a chain was (not) found. */
export type CertificateOrigin = 'cms' | 'dss' | 'timestamp' | 'aia' | 'trust-store' | 'revocation';

/**
 * The certificates available for building chains in one document: from the signatures' CMS, the DSS,
 * time-stamp tokens, OCSP responses and AIA downloads. Indexed by subject for issuer lookup.
 */
export class CertificatePool {
  private readonly bySha = new Map<string, { cert: CertificateInfo; origin: CertificateOrigin }>();
  private readonly bySubject = new Map<string, CertificateInfo[]>();

  constructor(private readonly maxSize: number) {}

  /** Adds a certificate; returns false when the pool is full (the hostile "thousands of certificates" case). */
  add(cert: CertificateInfo, origin: CertificateOrigin): boolean {
    if (this.bySha.has(cert.sha256FingerprintHex)) return true;
    if (this.bySha.size >= this.maxSize) return false;
    this.bySha.set(cert.sha256FingerprintHex, { cert, origin });
    const key = cert.subject.der.toString('hex');
    const list = this.bySubject.get(key);
    if (list) list.push(cert);
    else this.bySubject.set(key, [cert]);
    return true;
  }

  originOf(cert: CertificateInfo): CertificateOrigin | undefined {
    return this.bySha.get(cert.sha256FingerprintHex)?.origin;
  }

  get size(): number {
    return this.bySha.size;
  }

  all(): CertificateInfo[] {
    return [...this.bySha.values()].map((e) => e.cert);
  }

  /**
   * Certificates whose subject is the child's issuer, the ones whose subject key identifier matches the
   * child's authority key identifier first.
   */
  issuersOf(child: CertificateInfo): CertificateInfo[] {
    let found = this.bySubject.get(child.issuer.der.toString('hex'));
    if (!found) {
      // Same name encoded differently (PrintableString vs UTF8String, case): RFC 5280 7.1 comparison.
      found = [];
      for (const list of this.bySubject.values()) {
        if (list.length > 0 && namesEqual(list[0].subject.der, child.issuer.der)) found.push(...list);
      }
    }
    const aki = child.authorityKeyIdentifierHex;
    if (!aki) return [...found];
    return [...found].sort(
      (a, b) => Number(b.subjectKeyIdentifierHex === aki) - Number(a.subjectKeyIdentifierHex === aki),
    );
  }
}

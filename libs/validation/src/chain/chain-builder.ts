import type { CertificateInfo } from '@kyso/cms';
import type { CryptoBackend } from '../crypto/crypto-backend';
import { type Finding, info, warning } from '../model/finding';
import type { TrustStore } from '../trust/trust-store';
import type { CertificatePool } from './certificate-pool';
import { readCertificateOrNull, type ValidationCache } from './validation-cache';

const MAX_LINK_CHECKS = 256;

export interface ChainBuildContext {
  readonly pool: CertificatePool;
  readonly trust: TrustStore;
  readonly crypto: CryptoBackend;
  readonly cache: ValidationCache;
  readonly maxLength: number;
  /** Downloads the certificates at the AIA caIssuers URLs of a certificate; undefined when offline. */
  readonly fetchCaIssuers?: (cert: CertificateInfo) => Promise<readonly Buffer[]>;
}

export interface BuiltChain {
  /** The leaf first; a trust anchor last when `trusted`. */
  readonly certificates: readonly CertificateInfo[];
  /** The path ends at a configured trust anchor and every signature on it verifies. */
  readonly trusted: boolean;
  /** Notes gathered while building (AIA downloads and their failures). */
  readonly findings: readonly Finding[];
}

/**
 * Builds a certification path from `leaf` to a trust anchor (RFC 5280 6, path building part): depth-first
 * over the candidate issuers, each link checked by verifying the child's signature with the issuer's key.
 * Issuers missing from the document are fetched from AIA caIssuers when online. When no trusted path
 * exists, the longest verified path is returned for the report.
 */
export async function buildChain(leaf: CertificateInfo, ctx: ChainBuildContext): Promise<BuiltChain> {
  // The budget bounds the search when a hostile CMS offers thousands of look-alike issuers.
  const search: ChainSearch = { ctx, findings: [], best: [leaf], budget: MAX_LINK_CHECKS };
  const trustedPath = await extendPath(search, [leaf]);
  return trustedPath
    ? { certificates: trustedPath, trusted: true, findings: search.findings }
    : { certificates: search.best, trusted: false, findings: search.findings };
}

interface ChainSearch {
  readonly ctx: ChainBuildContext;
  readonly findings: Finding[];
  best: CertificateInfo[];
  budget: number;
}

// Top-level rather than a closure per chain: V8 optimises closures per instance, and a batch builds a chain
// for every signature and time-stamp.
async function extendPath(s: ChainSearch, path: CertificateInfo[]): Promise<CertificateInfo[] | undefined> {
  const { ctx } = s;
  const node = path[path.length - 1];
  if (ctx.trust.isAnchor(node)) return path;
  if (path.length > s.best.length) s.best = path;
  if (path.length >= ctx.maxLength) return undefined;
  for (const issuer of await candidates(node, ctx, s.findings)) {
    if (path.some((c) => c.sha256FingerprintHex === issuer.sha256FingerprintHex)) continue;
    if (--s.budget < 0) return undefined;
    if (!(await signedBy(node, issuer, ctx))) continue;
    const done = await extendPath(s, [...path, issuer]);
    if (done) return done;
  }
  return undefined;
}

async function candidates(
  node: CertificateInfo,
  ctx: ChainBuildContext,
  findings: Finding[],
): Promise<CertificateInfo[]> {
  const anchors = ctx.trust.anchors.filter(
    (a) => a.subject.der.equals(node.issuer.der) || a.subject.text === node.issuer.text,
  );
  const found = [...anchors, ...ctx.pool.issuersOf(node).filter((c) => !anchors.includes(c))];
  if (found.length > 0 || node.selfIssued || !ctx.fetchCaIssuers || node.caIssuersUrls.length === 0)
    return found;
  const url = node.caIssuersUrls.join(' ');
  let ders = ctx.cache.caIssuers.get(node.sha256FingerprintHex);
  if (!ders) {
    try {
      ders = await ctx.fetchCaIssuers(node);
      ctx.cache.caIssuers.set(node.sha256FingerprintHex, ders);
    } catch (err) {
      // Not cached: a transient failure must not outlive this document.
      findings.push(warning('AIA_FETCH_FAILED', { url, detail: (err as Error).message }));
      ders = [];
    }
  }
  for (const der of ders) {
    const cert = readCertificateOrNull(der);
    if (cert && ctx.pool.add(cert, 'aia'))
      findings.push(info('CHAIN_FROM_AIA', { subject: cert.subject.text, url }));
  }
  return ctx.pool.issuersOf(node);
}

/** Whether `issuer`'s key verifies `child`'s signature; cached per pair for the whole run. */
export async function signedBy(
  child: CertificateInfo,
  issuer: CertificateInfo,
  ctx: Pick<ChainBuildContext, 'crypto' | 'cache'>,
): Promise<boolean> {
  const key = `${child.sha256FingerprintHex}>${issuer.sha256FingerprintHex}`;
  const cached = ctx.cache.certificateSignatures.get(key);
  if (cached !== undefined) return cached;
  let ok: boolean;
  try {
    const check = await ctx.crypto.verifySignature({
      data: child.tbsDer,
      signature: child.signature,
      algorithm: child.signatureAlgorithm,
      publicKeySpki: issuer.spkiDer,
    });
    ok = check.valid;
  } catch {
    ok = false;
  }
  ctx.cache.certificateSignatures.set(key, ok);
  return ok;
}

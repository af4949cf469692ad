import { type CertificateInfo, findSingleResponse, namesEqual, parseCrl, parseOcspResponse } from '@kyso/cms';
import type { DocumentContext } from '../document-context';
import type { EmbeddedRevocationItem } from '../revocation/revocation-checker';

/**
 * B-LT needs, inside the document, the certificates of every path used (the signer's and those of the
 * time-stamps, except the last archive time-stamp) and revocation data for each certificate below a root
 * (ETSI EN 319 142-1 5.4; the same reading as EU DSS). This decides the *format* label only, so presence
 * is enough: an OCSP answer naming the certificate, or a CRL of its issuer. Whether that data is
 * authentic and fresh is the indication's business (revocation checker).
 */
export async function hasCompleteValidationData(
  certs: readonly CertificateInfo[],
  ctx: DocumentContext,
): Promise<boolean> {
  for (const cert of certs) {
    const chain = (await ctx.chainOf(cert)).certificates;
    const top = chain[chain.length - 1];
    if (!top.selfIssued && !ctx.trust.isAnchor(top)) return false;
    for (let i = 0; i < chain.length - 1; i++) {
      const c = chain[i];
      if (c.ocspNoCheck || ctx.trust.isAnchor(c)) continue;
      if (!hasRevocationData(c, chain[i + 1], ctx.revocation.embedded.ocsps, ctx.revocation.embedded.crls))
        return false;
    }
  }
  return true;
}

// Parsed once per DER buffer (the buffers live as long as the document's revocation collector).
const ocspCache = new WeakMap<Buffer, ReturnType<typeof parseOcspResponse> | null>();
const crlIssuerCache = new WeakMap<Buffer, Buffer | null>();

function hasRevocationData(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  ocsps: readonly EmbeddedRevocationItem[],
  crls: readonly EmbeddedRevocationItem[],
): boolean {
  for (const item of ocsps) {
    const parsed = memo(ocspCache, item.der, parseOcspResponse);
    if (parsed?.basic && findSingleResponse(parsed.basic, cert, issuer)) return true;
  }
  for (const item of crls) {
    const issuerDer = memo(crlIssuerCache, item.der, (der) => parseCrl(der).issuer.der);
    if (issuerDer && namesEqual(issuerDer, cert.issuer.der)) return true;
  }
  return false;
}

function memo<T>(cache: WeakMap<Buffer, T | null>, der: Buffer, parse: (der: Buffer) => T): T | null {
  let value = cache.get(der);
  if (value === undefined) {
    try {
      value = parse(der);
    } catch {
      value = null;
    }
    cache.set(der, value);
  }
  return value;
}

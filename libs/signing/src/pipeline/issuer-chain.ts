import { checkIssuedBy, fetchCaIssuers, readCertificate } from '@kyso/cms';

/**
 * Completes a signer's chain by following AIA caIssuers URLs up to a self-signed certificate, when the token
 * holds only the signer's own certificate (the usual case for Vietnamese USB tokens).
 */
export async function chainFromAia(
  certificateDer: Buffer,
  options: { offline?: boolean; maxDepth?: number } = {},
): Promise<Buffer[]> {
  const chain: Buffer[] = [];
  let current = readCertificate(certificateDer);
  for (let depth = 0; depth < (options.maxDepth ?? 6); depth++) {
    if (current.subject.der.equals(current.issuer.der) && checkIssuedBy(current, current).signatureValid)
      break;
    if (options.offline || current.caIssuersUrls.length === 0) break;
    const fetched = await fetchCaIssuers(current.der);
    if (!fetched.issuerCertificateDer) break;
    chain.push(fetched.issuerCertificateDer);
    current = readCertificate(fetched.issuerCertificateDer);
  }
  return chain;
}

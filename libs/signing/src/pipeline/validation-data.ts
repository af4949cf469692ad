import {
  type CertificateInfo,
  checkIssuedBy,
  fetchCaIssuers,
  findSignerCertificate,
  parseSignedData,
  parseTimeStampToken,
  readCertificate,
} from '@kyso/cms';
import { listSignatures, type PdfReader, readDss } from '@kyso/pdf';
import type { TrustServices } from './trust-services';

export interface ValidationData {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
  /** What could not be obtained, per certificate: LTV is then incomplete and the caller decides. */
  missing: string[];
  /**
   * Beside each `missing` entry, the errors of the services asked for it (OCSP, then CRL), empty when none could be
   * asked: a caller can tell a responder that did not answer (worth a retry) from data that does not exist.
   */
  causes: unknown[][];
}

/** DER of a CMS inside a zero-padded /Contents value: the padding is not part of the structure. */
export function trimDer(contents: Buffer): Buffer {
  if (contents.length < 2 || contents[0] !== 0x30) return contents;
  const first = contents[1];
  if (first < 0x80) return contents.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || contents.length < 2 + n) return contents;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + contents[2 + i];
  return contents.subarray(0, Math.min(contents.length, 2 + n + len));
}

/**
 * Gathers what a verifier needs years from now, for every signature and timestamp in the document: each
 * certificate path up to a self-signed root, and for every certificate below the root an OCSP response (or,
 * without OCSP, a CRL). Certificates come from the CMS, the existing DSS, `extraCertificates` and AIA.
 */
export async function collectValidationData(
  reader: PdfReader,
  services: Pick<TrustServices, 'ocsp' | 'crl'>,
  extraCertificates: readonly Buffer[] = [],
  options: { offline?: boolean } = {},
): Promise<ValidationData> {
  const dss = await readDss(reader);
  const pool = new Map<string, CertificateInfo>();
  const addToPool = (der: Uint8Array) => {
    try {
      const c = readCertificate(der);
      pool.set(c.sha256FingerprintHex, c);
    } catch {
      /* unparsable certificates are not evidence */
    }
  };
  for (const item of dss?.certs ?? []) addToPool(item.data);
  extraCertificates.forEach(addToPool);

  const leaves: CertificateInfo[] = [];
  for (const sig of await listSignatures(reader)) {
    let cms;
    try {
      cms = parseSignedData(trimDer(sig.contents));
    } catch {
      continue; // a broken signature has no validation data to collect; the verifier reports it
    }
    cms.certificates.forEach(addToPool);
    const signer = findSignerCertificate(
      cms,
      0,
      [...pool.values()].map((c) => c.der),
    );
    if (signer) leaves.push(signer.certificate);
    for (const tokenDer of cms.signers[0]?.signatureTimestampTokens ?? []) {
      try {
        const token = parseTimeStampToken(
          tokenDer,
          [...pool.values()].map((c) => c.der),
        );
        token.signedData.certificates.forEach(addToPool);
        if (token.tsaCertificateDer) leaves.push(readCertificate(token.tsaCertificateDer));
      } catch {
        /* reported by the verifier */
      }
    }
  }

  const out: ValidationData = { certs: [], ocsps: [], crls: [], missing: [], causes: [] };
  const done = new Set<string>();
  const certSeen = new Set<string>();
  const addCert = (c: CertificateInfo) => {
    if (!certSeen.has(c.sha256FingerprintHex)) {
      certSeen.add(c.sha256FingerprintHex);
      out.certs.push(c.der);
    }
  };

  for (const leaf of leaves) {
    let current: CertificateInfo | undefined = leaf;
    for (let depth = 0; current && depth < 10; depth++) {
      addCert(current);
      if (isSelfSigned(current)) break;
      const issuer: CertificateInfo | undefined = await findIssuer(current, pool, options.offline);
      if (!issuer) {
        out.missing.push(`issuer of ${current.subject.text}`);
        out.causes.push([]);
        break;
      }
      if (!done.has(current.sha256FingerprintHex)) {
        done.add(current.sha256FingerprintHex);
        await addRevocation(current, issuer, services, out, addCert);
      }
      current = issuer;
    }
  }
  return out;
}

function isSelfSigned(c: CertificateInfo): boolean {
  return c.subject.der.equals(c.issuer.der) && checkIssuedBy(c, c).signatureValid;
}

async function findIssuer(
  cert: CertificateInfo,
  pool: Map<string, CertificateInfo>,
  offline?: boolean,
): Promise<CertificateInfo | undefined> {
  for (const candidate of pool.values()) {
    if (candidate.sha256FingerprintHex !== cert.sha256FingerprintHex && checkIssuedBy(cert, candidate).issued)
      return candidate;
  }
  if (offline || cert.caIssuersUrls.length === 0) return undefined;
  try {
    const fetched = await fetchCaIssuers(cert.der);
    if (!fetched.issuerCertificateDer) return undefined;
    const issuer = readCertificate(fetched.issuerCertificateDer);
    pool.set(issuer.sha256FingerprintHex, issuer);
    return issuer;
  } catch {
    return undefined;
  }
}

/** id-pkix-ocsp-nocheck: an OCSP responder certificate whose own status need not be checked. */
const OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';

async function addRevocation(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  services: Pick<TrustServices, 'ocsp' | 'crl'>,
  out: ValidationData,
  addCert: (c: CertificateInfo) => void,
): Promise<void> {
  if (cert.extensions.some((e) => e.oid === OCSP_NOCHECK)) return;
  const problems: string[] = [];
  const errors: unknown[] = [];
  if (cert.ocspUrls.length > 0) {
    try {
      const r = await services.ocsp.check({ certificateDer: cert.der, issuerDer: issuer.der });
      out.ocsps.push(r.responseDer);
      if (r.responderCertificateDer) addCert(readCertificate(r.responderCertificateDer));
      return;
    } catch (err) {
      problems.push(`OCSP: ${(err as Error).message}`);
      errors.push(err);
    }
  }
  if (cert.crlUrls.length > 0) {
    try {
      const r = await services.crl.check({ certificateDer: cert.der, issuerDer: issuer.der });
      out.crls.push(r.crlDer);
      return;
    } catch (err) {
      problems.push(`CRL: ${(err as Error).message}`);
      errors.push(err);
    }
  }
  out.causes.push(errors);
  out.missing.push(
    `revocation of ${cert.subject.text}${problems.length ? ` (${problems.join('; ')})` : ' (no OCSP or CRL URL)'}`,
  );
}

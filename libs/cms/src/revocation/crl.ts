import { malformed } from '../cms-error';
import {
  childrenOf,
  contentOf,
  DerNode,
  expectSequence,
  explicitInner,
  isContext,
  isUniversal,
  rawOf,
  readRoot,
  UniversalTag,
} from '../asn1/der-reader';
import {
  isTime,
  normalizeSerialHex,
  readBigInt,
  readBitString,
  readBoolean,
  readEnumerated,
  readOctetString,
  readOid,
  readSerialHex,
  readSmallInt,
  readTime,
} from '../asn1/der-values';
import { OID } from '../asn1/oids';
import { parseSignatureAlgorithmIdentifier, SignatureAlgorithmRef } from '../algorithms/signature-algorithm';
import { checkStructureSignature } from '../algorithms/verify-signature';
import { CertificateInfo, readCertificate } from '../certificate/certificate-info';
import { DistinguishedName, namesEqual, parseNameNode } from '../certificate/distinguished-name';
import { CrlReason, crlReasonName } from './crl-reason';

export interface RevokedEntry {
  readonly serialHex: string;
  readonly revocationDate: Date;
  readonly reason?: CrlReason;
  readonly invalidityDate?: Date;
}

export interface Crl {
  readonly der: Buffer;
  /** TBSCertList bytes: what the CA signed. */
  readonly tbsDer: Buffer;
  readonly version: number;
  readonly signatureAlgorithm: SignatureAlgorithmRef;
  readonly signature: Buffer;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly crlNumber?: bigint;
  /** A delta CRL lists only changes since a base CRL: it cannot say "not revoked" alone. */
  readonly isDelta: boolean;
  /** Issuing distribution point present (partitioned or indirect CRL): scope must be checked. */
  readonly hasIssuingDistributionPoint: boolean;
  readonly authorityKeyIdentifierHex?: string;
  readonly revokedCount: number;
  /** The entry for a serial (any hex form), or undefined when the certificate is not listed. */
  findRevocation(serialHex: string): RevokedEntry | undefined;
}

export interface ParseCrlOptions {
  /** Entries beyond this fail with LIMIT_EXCEEDED; default 2,000,000. */
  readonly maxEntries?: number;
}

/**
 * Parses a DER CertificateList (RFC 5280 5.1). Entries are indexed on the first lookup, so reading the
 * header of a large CRL stays cheap.
 */
export function parseCrl(der: Uint8Array, options: ParseCrlOptions = {}): Crl {
  const buffer = Buffer.from(der.buffer, der.byteOffset, der.length);
  const root = readRoot(buffer, 'CertificateList');
  const [tbsNode, sigAlgNode, sigNode, extra] = expectSequence(root, 'CertificateList', 4);
  if (extra) throw malformed('CertificateList: unexpected field after the signature');
  const tbs = expectSequence(tbsNode, 'TBSCertList', 8);
  let i = 0;
  let version = 1;
  if (isUniversal(tbs[i], UniversalTag.Integer)) version = readSmallInt(tbs[i++], 'version') + 1;
  i++; // inner signature AlgorithmIdentifier
  const issuer = parseNameNode(tbs[i++]);
  const thisUpdate = readTime(tbs[i++], 'thisUpdate');
  let nextUpdate: Date | undefined;
  if (isTime(tbs[i])) nextUpdate = readTime(tbs[i++], 'nextUpdate');
  let revokedNode: DerNode | undefined;
  if (tbs[i] && isUniversal(tbs[i], UniversalTag.Sequence)) revokedNode = tbs[i++];
  let crlNumber: bigint | undefined;
  let isDelta = false;
  let hasIssuingDistributionPoint = false;
  let authorityKeyIdentifierHex: string | undefined;
  if (isContext(tbs[i], 0)) {
    for (const ext of expectSequence(explicitInner(tbs[i], 'crlExtensions'), 'crlExtensions', 64)) {
      const { id, value } = readExtension(ext);
      if (id === OID.crlNumber) crlNumber = readBigInt(readRoot(value, 'cRLNumber'));
      else if (id === OID.deltaCrlIndicator) isDelta = true;
      else if (id === OID.issuingDistributionPoint) hasIssuingDistributionPoint = true;
      else if (id === OID.authorityKeyIdentifier) {
        const keyId = expectSequence(
          readRoot(value, 'authorityKeyIdentifier'),
          'authorityKeyIdentifier',
          4,
        ).find((n) => isContext(n, 0));
        if (keyId) authorityKeyIdentifierHex = Buffer.from(contentOf(keyId)).toString('hex');
      }
    }
  }
  const entryNodes = revokedNode ? childrenOf(revokedNode, options.maxEntries ?? 2_000_000) : [];
  let index: Map<string, DerNode> | undefined;
  return {
    der: Buffer.from(rawOf(root)),
    tbsDer: Buffer.from(rawOf(tbsNode)),
    version,
    signatureAlgorithm: parseSignatureAlgorithmIdentifier(sigAlgNode, 'CertificateList.signatureAlgorithm'),
    signature: Buffer.from(readBitString(sigNode, 'CertificateList.signature').bytes),
    issuer,
    thisUpdate,
    nextUpdate,
    crlNumber,
    isDelta,
    hasIssuingDistributionPoint,
    authorityKeyIdentifierHex,
    revokedCount: entryNodes.length,
    findRevocation(serialHex: string): RevokedEntry | undefined {
      if (!index) {
        index = new Map();
        for (const e of entryNodes) {
          const serialNode = expectSequence(e, 'revokedCertificate', 4)[0];
          index.set(normalizeSerialHex(readSerialHex(serialNode)), e);
        }
      }
      const node = index.get(normalizeSerialHex(serialHex));
      return node ? parseEntry(node) : undefined;
    },
  };
}

function readExtension(node: DerNode): { id: string; critical: boolean; value: Uint8Array } {
  const parts = expectSequence(node, 'Extension', 4);
  const id = readOid(parts[0], 'extnID');
  const critical = parts.length === 3 ? readBoolean(parts[1], 'critical') : false;
  return { id, critical, value: readOctetString(parts[parts.length - 1], `extension ${id}`) };
}

function parseEntry(node: DerNode): RevokedEntry {
  const [serialNode, dateNode, extsNode] = expectSequence(node, 'revokedCertificate', 4);
  let reason: CrlReason | undefined;
  let invalidityDate: Date | undefined;
  if (extsNode) {
    for (const ext of expectSequence(extsNode, 'crlEntryExtensions', 32)) {
      const { id, value } = readExtension(ext);
      if (id === OID.crlReason) reason = crlReasonName(readEnumerated(readRoot(value, 'reasonCode')));
      else if (id === OID.invalidityDate) invalidityDate = readTime(readRoot(value, 'invalidityDate'));
    }
  }
  return {
    serialHex: readSerialHex(serialNode),
    revocationDate: readTime(dateNode, 'revocationDate'),
    reason,
    invalidityDate,
  };
}

export interface CrlSignatureCheck {
  readonly valid: boolean;
  readonly issuerNameMatches: boolean;
  readonly signatureValid: boolean;
  /** The issuer certificate has a keyUsage without cRLSign. */
  readonly missingCrlSignUsage: boolean;
  readonly reason?: string;
}

/** Checks that `issuer` issued and signed the CRL (direct CRLs only). */
export function verifyCrlSignature(crl: Crl, issuerInput: CertificateInfo | Uint8Array): CrlSignatureCheck {
  const issuer = issuerInput instanceof Uint8Array ? readCertificate(issuerInput) : issuerInput;
  const issuerNameMatches = namesEqual(crl.issuer.der, issuer.subject.der);
  const missingCrlSignUsage = issuer.keyUsage !== undefined && !issuer.keyUsage.includes('cRLSign');
  const { valid: signatureValid, reason: signatureProblem } = checkStructureSignature(crl, issuer.spkiDer);
  let reason = signatureProblem;
  if (!issuerNameMatches) reason = 'CRL issuer differs from the CA certificate subject';
  else if (missingCrlSignUsage) reason = 'CA certificate key usage lacks cRLSign';
  else if (!signatureValid) reason ??= 'signature does not verify with the CA key';
  return {
    valid: issuerNameMatches && signatureValid && !missingCrlSignUsage,
    issuerNameMatches,
    signatureValid,
    missingCrlSignUsage,
    reason,
  };
}

import { createHash } from 'node:crypto';
import { BoundedMap } from '@kyso/common';
import { malformed } from '../cms-error';
import {
  childrenOf,
  DerNode,
  expectSequence,
  expectUniversal,
  explicitInner,
  isContext,
  rawOf,
  readRoot,
  UniversalTag,
} from '../asn1/der-reader';
import {
  readBoolean,
  readEnumerated,
  readOctetString,
  readOid,
  readSerialHex,
  readTime,
} from '../asn1/der-values';
import { OID } from '../asn1/oids';
import { DigestAlgorithmRef, parseDigestAlgorithmIdentifier } from '../algorithms/digest-algorithm';
import { parseSignatureAlgorithmIdentifier, SignatureAlgorithmRef } from '../algorithms/signature-algorithm';
import { readBitString } from '../asn1/der-values';
import { crlReasonName, CrlReason } from './crl-reason';

export type OcspResponseStatus =
  | 'successful'
  | 'malformedRequest'
  | 'internalError'
  | 'tryLater'
  | 'sigRequired'
  | 'unauthorized'
  | 'unknown';

const STATUSES: Record<number, OcspResponseStatus> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

export interface OcspCertIdRef {
  readonly hashAlgorithm: DigestAlgorithmRef;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  readonly serialHex: string;
}

export type CertStatus = 'good' | 'revoked' | 'unknown';

export interface OcspSingleResponse {
  readonly certId: OcspCertIdRef;
  readonly status: CertStatus;
  readonly revocationTime?: Date;
  readonly revocationReason?: CrlReason;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

export interface BasicOcspResponse {
  /** The BasicOCSPResponse DER. */
  readonly der: Buffer;
  /** ResponseData bytes: what the responder signed. */
  readonly tbsDer: Buffer;
  readonly responderId: { readonly byNameDer?: Buffer; readonly byKeyHashHex?: string };
  readonly producedAt: Date;
  readonly responses: readonly OcspSingleResponse[];
  /** extnValue contents of the nonce extension, when present. */
  readonly nonceExtensionValue?: Buffer;
  readonly signatureAlgorithm: SignatureAlgorithmRef;
  readonly signature: Buffer;
  readonly certificates: readonly Buffer[];
}

export interface OcspResponse {
  /** The full OCSPResponse DER (what a PDF /DSS /OCSPs entry stores). */
  readonly der: Buffer;
  readonly status: OcspResponseStatus;
  readonly basic?: BasicOcspResponse;
}

/**
 * Parses an OCSPResponse (RFC 6960 4.2.1); a successful one must carry a BasicOCSPResponse. A response is
 * parsed once per process (validation reads the same embedded response for the level, the revocation check and
 * the chain of every signature of a document); the result is immutable.
 */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  const key = createHash('sha256').update(der).digest('base64');
  const known = parsedResponses.get(key);
  if (known) return known;
  const parsed = Object.freeze(parseUncached(Buffer.from(der)));
  parsedResponses.set(key, parsed);
  return parsed;
}

const parsedResponses = new BoundedMap<OcspResponse>(2048);

function parseUncached(der: Buffer): OcspResponse {
  const root = readRoot(der, 'OCSPResponse');
  const [statusNode, bytesNode] = expectSequence(root, 'OCSPResponse', 3);
  const code = readEnumerated(statusNode, 'responseStatus');
  const status = STATUSES[code] ?? 'unknown';
  const out = Buffer.from(rawOf(root));
  if (!bytesNode) {
    if (status === 'successful') throw malformed('successful OCSPResponse without responseBytes');
    return { der: out, status };
  }
  const [typeNode, responseNode] = expectSequence(
    explicitInner(expectContextNode(bytesNode), 'responseBytes'),
    'ResponseBytes',
    3,
  );
  const type = readOid(typeNode, 'responseType');
  if (type !== OID.ocspBasic) throw malformed(`unsupported OCSP response type ${type}`);
  return { der: out, status, basic: parseBasicOcspResponse(readOctetString(responseNode, 'response')) };
}

function expectContextNode(node: DerNode): DerNode {
  if (!isContext(node, 0)) throw malformed('OCSPResponse.responseBytes: expected [0]');
  return node;
}

export function parseBasicOcspResponse(der: Uint8Array): BasicOcspResponse {
  const root = readRoot(der, 'BasicOCSPResponse');
  const [tbsNode, sigAlgNode, sigNode, certsNode] = expectSequence(root, 'BasicOCSPResponse', 5);
  const tbs = expectSequence(tbsNode, 'ResponseData', 6);
  let i = 0;
  if (isContext(tbs[i], 0)) i++; // version v1, the only one
  const responderNode = tbs[i++];
  let responderId: BasicOcspResponse['responderId'];
  if (isContext(responderNode, 1)) {
    responderId = {
      byNameDer: Buffer.from(
        rawOf(expectUniversal(explicitInner(responderNode, 'byName'), UniversalTag.Sequence, 'byName')),
      ),
    };
  } else if (isContext(responderNode, 2)) {
    responderId = {
      byKeyHashHex: Buffer.from(readOctetString(explicitInner(responderNode, 'byKey'), 'byKey')).toString(
        'hex',
      ),
    };
  } else {
    throw malformed('ResponderID: expected [1] or [2]');
  }
  const producedAt = readTime(tbs[i++], 'producedAt');
  const responses = expectSequence(tbs[i++], 'responses', 1000).map(parseSingleResponse);
  let nonceExtensionValue: Buffer | undefined;
  if (isContext(tbs[i], 1)) {
    for (const ext of expectSequence(explicitInner(tbs[i], 'responseExtensions'), 'Extensions', 64)) {
      const parts = expectSequence(ext, 'Extension', 4);
      if (readOid(parts[0], 'extnID') === OID.ocspNonce) {
        const value = parts.length === 3 ? parts[2] : parts[1];
        if (parts.length === 3) readBoolean(parts[1], 'critical');
        nonceExtensionValue = Buffer.from(readOctetString(value, 'nonce'));
      }
    }
  }
  const certificates: Buffer[] = [];
  if (certsNode) {
    if (!isContext(certsNode, 0)) throw malformed('BasicOCSPResponse.certs: expected [0]');
    for (const c of expectSequence(explicitInner(certsNode, 'certs'), 'certs', 64))
      certificates.push(Buffer.from(rawOf(c)));
  }
  return {
    der: Buffer.from(rawOf(root)),
    tbsDer: Buffer.from(rawOf(tbsNode)),
    responderId,
    producedAt,
    responses,
    nonceExtensionValue,
    signatureAlgorithm: parseSignatureAlgorithmIdentifier(sigAlgNode, 'BasicOCSPResponse.signatureAlgorithm'),
    signature: Buffer.from(readBitString(sigNode, 'BasicOCSPResponse.signature').bytes),
    certificates,
  };
}

function parseSingleResponse(node: DerNode): OcspSingleResponse {
  const f = expectSequence(node, 'SingleResponse', 6);
  const [algNode, nameHash, keyHash, serial] = expectSequence(f[0], 'CertID', 5);
  const certId: OcspCertIdRef = {
    hashAlgorithm: parseDigestAlgorithmIdentifier(algNode, 'CertID.hashAlgorithm'),
    issuerNameHash: Buffer.from(readOctetString(nameHash, 'issuerNameHash')),
    issuerKeyHash: Buffer.from(readOctetString(keyHash, 'issuerKeyHash')),
    serialHex: readSerialHex(serial, 'CertID.serialNumber'),
  };
  const statusNode = f[1];
  let status: CertStatus;
  let revocationTime: Date | undefined;
  let revocationReason: CrlReason | undefined;
  if (isContext(statusNode, 0)) status = 'good';
  else if (isContext(statusNode, 2)) status = 'unknown';
  else if (isContext(statusNode, 1)) {
    status = 'revoked';
    const info = childrenOf(statusNode, 3);
    revocationTime = readTime(info[0], 'revocationTime');
    if (isContext(info[1], 0))
      revocationReason = crlReasonName(readEnumerated(explicitInner(info[1], 'revocationReason')));
  } else {
    throw malformed('CertStatus: expected [0], [1] or [2]');
  }
  const thisUpdate = readTime(f[2], 'thisUpdate');
  let nextUpdate: Date | undefined;
  for (const extra of f.slice(3)) {
    if (isContext(extra, 0)) nextUpdate = readTime(explicitInner(extra, 'nextUpdate'), 'nextUpdate');
  }
  return { certId, status, revocationTime, revocationReason, thisUpdate, nextUpdate };
}

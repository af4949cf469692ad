import { CmsError, CmsErrorCode, malformed } from '../cms-error';
import {
  childrenOf,
  contentOf,
  DerNode,
  expectSequence,
  expectUniversal,
  explicitInner,
  isContext,
  isUniversal,
  rawOf,
  readNode,
  readRootAllowingZeroPadding,
  UniversalTag,
} from '../asn1/der-reader';
import { readOctetString, readOid, readSerialHex, readSmallInt, readTime } from '../asn1/der-values';
import { encodeLength, sortDer } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import { DigestAlgorithmRef, parseDigestAlgorithmIdentifier } from '../algorithms/digest-algorithm';
import { parseSignatureAlgorithmIdentifier, SignatureAlgorithmRef } from '../algorithms/signature-algorithm';
import { parseNameNode } from '../certificate/distinguished-name';
import { CmsAttribute, parseAttribute } from './cms-attribute';
import { parseSigningCertificate, SigningCertificateRef } from './signing-certificate';

export type SignerIdentifier =
  | {
      readonly type: 'issuerAndSerialNumber';
      /** Issuer Name DER as encoded in the SignerInfo. */
      readonly issuerDer: Buffer;
      /** RFC 4514 text of the issuer. */
      readonly issuer: string;
      readonly serialHex: string;
    }
  | { readonly type: 'subjectKeyIdentifier'; readonly keyIdentifierHex: string };

export interface ParsedSignerInfo {
  readonly index: number;
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: DigestAlgorithmRef;
  readonly signatureAlgorithm: SignatureAlgorithmRef;
  readonly signature: Buffer;
  /**
   * The signed attributes as the signer hashed them: the original bytes with the [0] tag replaced by
   * the SET tag (RFC 5652 5.4). Undefined when the SignerInfo has no signed attributes.
   */
  readonly signedAttributesDer?: Buffer;
  readonly signedAttributes: readonly CmsAttribute[];
  /**
   * The signed attributes are in DER SET OF order. When false, verifiers that re-encode them (EU DSS)
   * reject the signature while those that hash the bytes as received (OpenSSL, pdfsig, kyso) accept it.
   */
  readonly signedAttributesInDerOrder: boolean;
  readonly unsignedAttributes: readonly CmsAttribute[];
  readonly contentType?: string;
  readonly messageDigest?: Buffer;
  readonly signingTime?: Date;
  readonly signingCertificateV2?: SigningCertificateRef;
  readonly signingCertificateV1?: SigningCertificateRef;
  /** DER ContentInfo of each id-aa-signatureTimeStampToken value, in order. */
  readonly signatureTimestampTokens: readonly Buffer[];
  /**
   * Structural violations that do not stop parsing (duplicate message-digest, unparsable
   * signing-certificate, ...). Validation turns them into a format failure.
   */
  readonly problems: readonly string[];
  /** The SignerInfo as encoded. */
  readonly der: Buffer;
}

export interface ParsedSignedData {
  readonly version: number;
  readonly digestAlgorithms: readonly DigestAlgorithmRef[];
  readonly encapContentInfo: { readonly eContentType: string; readonly eContent?: Buffer };
  readonly isDetached: boolean;
  /** DER of each embedded X.509 certificate (attribute and other certificate formats are skipped). */
  readonly certificates: readonly Buffer[];
  /** DER of each embedded CRL. */
  readonly crls: readonly Buffer[];
  /** RFC 5940 other revocation info (e.g. OCSP responses): format OID and DER of the info. */
  readonly otherRevocationInfo: readonly { readonly format: string; readonly infoDer: Buffer }[];
  readonly signers: readonly ParsedSignerInfo[];
  /** The ContentInfo bytes, without whatever followed them. */
  readonly der: Buffer;
  /**
   * Bytes after the ContentInfo. A PDF /Contents placeholder is zero padded; some signers leave other
   * bytes there, which DSS and pdfsig ignore. Reported so validation can warn about the non-zero ones.
   */
  readonly trailingBytes: number;
  readonly trailingNonZeroBytes: number;
}

export interface ParseSignedDataOptions {
  /** Default 32 MiB. */
  readonly maxInputBytes?: number;
  /** Default 5000. */
  readonly maxCertificates?: number;
  /** Default 5000. */
  readonly maxCrls?: number;
  /** Default 64. */
  readonly maxSigners?: number;
  /** Attributes per signer, default 256. */
  readonly maxAttributes?: number;
}

const DEFAULTS = {
  maxInputBytes: 32 * 1024 * 1024,
  maxCertificates: 5000,
  maxCrls: 5000,
  maxSigners: 64,
  maxAttributes: 256,
};

/**
 * Parses a DER/BER ContentInfo holding SignedData. Bytes after it are tolerated and counted (a PDF
 * /Contents value is padded).
 * Every failure is a CmsError (MALFORMED, LIMIT_EXCEEDED); work is bounded by the input size and limits.
 */
export function parseSignedData(der: Uint8Array, options: ParseSignedDataOptions = {}): ParsedSignedData {
  const limits = { ...DEFAULTS, ...options };
  if (!(der instanceof Uint8Array))
    throw new CmsError(CmsErrorCode.InvalidArgument, 'CMS input must be bytes');
  if (der.length > limits.maxInputBytes) {
    throw new CmsError(
      CmsErrorCode.LimitExceeded,
      `CMS of ${der.length} bytes exceeds ${limits.maxInputBytes}`,
    );
  }
  try {
    return parse(Buffer.from(der.buffer, der.byteOffset, der.length), limits);
  } catch (err) {
    if (err instanceof CmsError) throw err;
    // asn1 helpers only throw CmsError; anything else (RangeError, ...) still means bad input.
    throw malformed(`CMS: ${(err as Error).message}`, err);
  }
}

function parse(input: Buffer, limits: typeof DEFAULTS): ParsedSignedData {
  if (input.length === 0) throw malformed('ContentInfo: empty input');
  const root = readNode(input);
  let trailingNonZeroBytes = 0;
  for (let k = root.end; k < input.length; k++) if (input[k] !== 0) trailingNonZeroBytes++;
  const [typeNode, contentNode] = expectSequence(root, 'ContentInfo', 3);
  const contentType = readOid(typeNode, 'ContentInfo.contentType');
  if (contentType !== OID.signedData) throw malformed(`ContentInfo holds ${contentType}, not SignedData`);
  if (!isContext(contentNode, 0)) throw malformed('ContentInfo.content: expected [0]');
  const sd = expectSequence(explicitInner(contentNode, 'ContentInfo.content'), 'SignedData', 8);

  let i = 0;
  const version = readSmallInt(sd[i++], 'SignedData.version');
  const digestAlgorithms = childrenOf(expectUniversal(sd[i++], UniversalTag.Set, 'digestAlgorithms'), 32).map(
    (n) => parseDigestAlgorithmIdentifier(n),
  );
  const encapContentInfo = parseEncapContentInfo(sd[i++]);
  const certificates: Buffer[] = [];
  const crls: Buffer[] = [];
  const otherRevocationInfo: { format: string; infoDer: Buffer }[] = [];
  if (isContext(sd[i], 0)) {
    for (const c of childrenOf(sd[i++], limits.maxCertificates)) {
      if (isUniversal(c, UniversalTag.Sequence)) certificates.push(Buffer.from(rawOf(c)));
    }
  }
  if (isContext(sd[i], 1)) {
    for (const c of childrenOf(sd[i++], limits.maxCrls)) {
      if (isUniversal(c, UniversalTag.Sequence)) crls.push(Buffer.from(rawOf(c)));
      else if (isContext(c, 1)) {
        const [format, info] = childrenOf(c, 3);
        if (!info) throw malformed('OtherRevocationInfoFormat without info');
        otherRevocationInfo.push({
          format: readOid(format, 'otherRevInfoFormat'),
          infoDer: Buffer.from(rawOf(info)),
        });
      }
    }
  }
  const signerInfosNode = expectUniversal(sd[i++], UniversalTag.Set, 'signerInfos');
  if (sd[i]) throw malformed('SignedData: unexpected field after signerInfos');
  const signers = childrenOf(signerInfosNode, limits.maxSigners).map((n, index) =>
    parseSignerInfo(n, index, limits.maxAttributes),
  );
  return {
    version,
    digestAlgorithms,
    encapContentInfo,
    isDetached: encapContentInfo.eContent === undefined,
    certificates,
    crls,
    otherRevocationInfo,
    signers,
    der: Buffer.from(rawOf(root)),
    trailingBytes: input.length - root.end,
    trailingNonZeroBytes,
  };
}

function parseEncapContentInfo(node: DerNode | undefined): ParsedSignedData['encapContentInfo'] {
  const [typeNode, contentNode] = expectSequence(node, 'encapContentInfo', 3);
  const eContentType = readOid(typeNode, 'eContentType');
  if (!contentNode) return { eContentType };
  if (!isContext(contentNode, 0)) throw malformed('eContent: expected [0]');
  return { eContentType, eContent: readOctetStringBer(explicitInner(contentNode, 'eContent'), 0) };
}

/** OCTET STRING that a BER encoder may have split into constructed chunks. */
function readOctetStringBer(node: DerNode, depth: number): Buffer {
  expectUniversal(node, UniversalTag.OctetString, 'OCTET STRING');
  if (!node.constructed) return Buffer.from(contentOf(node));
  if (depth > 8) throw malformed('OCTET STRING chunks nested too deeply');
  return Buffer.concat(childrenOf(node).map((c) => readOctetStringBer(c, depth + 1)));
}

function parseSignerInfo(node: DerNode, index: number, maxAttributes: number): ParsedSignerInfo {
  const what = `SignerInfo ${index}`;
  const f = expectSequence(node, what, 8);
  let i = 0;
  const version = readSmallInt(f[i++], `${what}.version`);
  const sid = parseSignerIdentifier(f[i++], what);
  const digestAlgorithm = parseDigestAlgorithmIdentifier(f[i++], `${what}.digestAlgorithm`);
  let signedAttributesDer: Buffer | undefined;
  let signedAttributes: CmsAttribute[] = [];
  let signedAttributesInDerOrder = true;
  if (isContext(f[i], 0)) {
    const attrsNode = f[i++];
    signedAttributesDer = retagAsSet(attrsNode);
    const nodes = childrenOf(attrsNode, maxAttributes);
    signedAttributes = nodes.map((a) => parseAttribute(a));
    const encoded = nodes.map((n) => rawOf(n));
    signedAttributesInDerOrder = !attrsNode.indefinite && sortDer(encoded).every((e, k) => e === encoded[k]);
  }
  const signatureAlgorithm = parseSignatureAlgorithmIdentifier(f[i++], `${what}.signatureAlgorithm`);
  const signature = readOctetStringBer(
    expectUniversal(f[i++], UniversalTag.OctetString, `${what}.signature`),
    0,
  );
  let unsignedAttributes: CmsAttribute[] = [];
  if (isContext(f[i], 1)) {
    unsignedAttributes = childrenOf(f[i++], maxAttributes).map((a) => parseAttribute(a, 4096));
  }
  if (f[i]) throw malformed(`${what}: unexpected field after unsignedAttrs`);

  const problems: string[] = [];
  const single = (type: string, name: string): Buffer | undefined => {
    const found = signedAttributes.filter((a) => a.type === type);
    if (found.length === 0) return undefined;
    if (found.length > 1 || found[0].values.length !== 1)
      problems.push(`${name} must appear once with one value`);
    return found[0].values[0];
  };
  const decode = <T>(name: string, value: Buffer | undefined, fn: (v: Buffer) => T): T | undefined => {
    if (value === undefined) return undefined;
    try {
      return fn(value);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const contentType = decode('content-type', single(OID.contentType, 'content-type'), (v) =>
    readOid(rootOf(v), 'content-type'),
  );
  const messageDigest = decode('message-digest', single(OID.messageDigest, 'message-digest'), (v) =>
    Buffer.from(readOctetString(rootOf(v), 'message-digest')),
  );
  const signingTime = decode('signing-time', single(OID.signingTime, 'signing-time'), (v) =>
    readTime(rootOf(v), 'signing-time'),
  );
  const signingCertificateV2 = decode(
    'signing-certificate-v2',
    single(OID.signingCertificateV2, 'signing-certificate-v2'),
    (v) => parseSigningCertificate(v, 2),
  );
  const signingCertificateV1 = decode(
    'signing-certificate',
    single(OID.signingCertificate, 'signing-certificate'),
    (v) => parseSigningCertificate(v, 1),
  );
  const signatureTimestampTokens = unsignedAttributes
    .filter((a) => a.type === OID.signatureTimeStampToken)
    .flatMap((a) => a.values);
  return {
    index,
    version,
    sid,
    digestAlgorithm,
    signatureAlgorithm,
    signature,
    signedAttributesDer,
    signedAttributes,
    signedAttributesInDerOrder,
    unsignedAttributes,
    contentType,
    messageDigest,
    signingTime,
    signingCertificateV2,
    signingCertificateV1,
    signatureTimestampTokens,
    problems,
    der: Buffer.from(rawOf(node)),
  };
}

function rootOf(value: Buffer): DerNode {
  return readRootAllowingZeroPadding(value, 'attribute value');
}

function parseSignerIdentifier(node: DerNode | undefined, what: string): SignerIdentifier {
  if (isContext(node, 0)) {
    return { type: 'subjectKeyIdentifier', keyIdentifierHex: Buffer.from(contentOf(node)).toString('hex') };
  }
  const [issuerNode, serialNode, extra] = expectSequence(node, `${what}.sid`, 3);
  if (extra) throw malformed(`${what}.sid: unexpected field`);
  const issuer = parseNameNode(issuerNode);
  return {
    type: 'issuerAndSerialNumber',
    issuerDer: issuer.der,
    issuer: issuer.text,
    serialHex: readSerialHex(serialNode, `${what}.sid.serialNumber`),
  };
}

/**
 * RFC 5652 5.4: the digest covers the DER of the SET OF attributes, i.e. the [0] IMPLICIT field with an
 * explicit SET tag. For a definite-length encoding that is the original bytes with one octet changed.
 */
function retagAsSet(node: DerNode): Buffer {
  if (node.indefinite) {
    const body = contentOf(node);
    return Buffer.concat([Buffer.from([0x31]), encodeLength(body.length), body]);
  }
  const out = Buffer.from(rawOf(node));
  out[0] = 0x31;
  return out;
}

import { malformed } from '../cms-error';
import {
  childrenOf,
  contentOf,
  DerNode,
  expectSequence,
  explicitInner,
  isContext,
  isUniversal,
  readRoot,
  TagClass,
  UniversalTag,
} from '../asn1/der-reader';
import {
  readBoolean,
  readOctetString,
  readOid,
  readSerialHex,
  readSmallInt,
  readTime,
} from '../asn1/der-values';
import { OID } from '../asn1/oids';
import { DigestAlgorithmRef, parseDigestAlgorithmIdentifier } from '../algorithms/digest-algorithm';
import { CertificateInfo, isWithinValidity, readCertificate } from '../certificate/certificate-info';
import { parseNameNode } from '../certificate/distinguished-name';
import { ParsedSignedData, ParsedSignerInfo, parseSignedData } from '../signed-data/signed-data-parser';
import { findSignerCertificate } from '../signed-data/signer-certificate';
import { verifyCmsSignature } from '../signed-data/signer-info-verifier';
import { MessageImprint } from './timestamp-provider';

export interface TstInfo {
  readonly version: number;
  readonly policy: string;
  readonly messageImprint: { readonly algorithm: DigestAlgorithmRef; readonly digest: Buffer };
  readonly serialHex: string;
  readonly genTime: Date;
  /** Accuracy in microseconds, when stated. */
  readonly accuracyMicros?: number;
  readonly ordering: boolean;
  readonly nonceHex?: string;
  /** The tsa GeneralName as text (DN in RFC 4514 form, or the URI/DNS name). */
  readonly tsaName?: string;
}

export interface TimestampToken extends TstInfo {
  readonly der: Buffer;
  readonly tstInfoDer: Buffer;
  readonly signedData: ParsedSignedData;
  readonly signer: ParsedSignerInfo;
  /** The TSA certificate found in the token (or among the extra certificates), if any. */
  readonly tsaCertificateDer?: Buffer;
}

/** Parses a TimeStampToken (ContentInfo / SignedData / TSTInfo). Structure only: see {@link verifyTimeStampToken}. */
export function parseTimeStampToken(
  der: Uint8Array,
  extraCertificates: readonly Uint8Array[] = [],
): TimestampToken {
  const signedData = parseSignedData(der);
  if (signedData.encapContentInfo.eContentType !== OID.tstInfo) {
    throw malformed(`time-stamp token holds ${signedData.encapContentInfo.eContentType}, not TSTInfo`);
  }
  const tstInfoDer = signedData.encapContentInfo.eContent;
  if (!tstInfoDer) throw malformed('time-stamp token without TSTInfo');
  // RFC 3161 2.4.2: exactly one SignerInfo.
  if (signedData.signers.length !== 1)
    throw malformed(`time-stamp token with ${signedData.signers.length} signers`);
  return {
    ...parseTstInfo(tstInfoDer),
    der: signedData.der,
    tstInfoDer,
    signedData,
    signer: signedData.signers[0],
    tsaCertificateDer: findSignerCertificate(signedData, 0, extraCertificates)?.certificateDer,
  };
}

export function parseTstInfo(der: Uint8Array): TstInfo {
  const f = expectSequence(readRoot(der, 'TSTInfo'), 'TSTInfo', 12);
  let i = 0;
  const version = readSmallInt(f[i++], 'TSTInfo.version');
  const policy = readOid(f[i++], 'TSTInfo.policy');
  const [algNode, digestNode] = expectSequence(f[i++], 'TSTInfo.messageImprint', 3);
  const messageImprint = {
    algorithm: parseDigestAlgorithmIdentifier(algNode, 'messageImprint.hashAlgorithm'),
    digest: Buffer.from(readOctetString(digestNode, 'messageImprint.hashedMessage')),
  };
  const serialHex = readSerialHex(f[i++], 'TSTInfo.serialNumber');
  const genTime = readTime(f[i++], 'TSTInfo.genTime');
  let accuracyMicros: number | undefined;
  let ordering = false;
  let nonceHex: string | undefined;
  let tsaName: string | undefined;
  for (; i < f.length; i++) {
    const n = f[i];
    if (isUniversal(n, UniversalTag.Sequence)) accuracyMicros = parseAccuracy(n);
    else if (isUniversal(n, UniversalTag.Boolean)) ordering = readBoolean(n);
    else if (isUniversal(n, UniversalTag.Integer)) nonceHex = readSerialHex(n, 'TSTInfo.nonce');
    else if (isContext(n, 0)) tsaName = generalNameText(explicitInner(n, 'TSTInfo.tsa'));
    else if (!isContext(n, 1)) throw malformed('TSTInfo: unexpected field');
  }
  return { version, policy, messageImprint, serialHex, genTime, accuracyMicros, ordering, nonceHex, tsaName };
}

function parseAccuracy(node: DerNode): number {
  let micros = 0;
  for (const part of childrenOf(node, 4)) {
    if (isUniversal(part, UniversalTag.Integer)) micros += readSmallInt(part, 'accuracy.seconds') * 1_000_000;
    else if (isContext(part, 0)) micros += bytesToInt(contentOf(part)) * 1000;
    else if (isContext(part, 1)) micros += bytesToInt(contentOf(part));
  }
  return micros;
}

function bytesToInt(bytes: Uint8Array): number {
  if (bytes.length === 0 || bytes.length > 4) throw malformed('accuracy field out of range');
  return bytes.reduce((v, b) => v * 256 + b, 0);
}

function generalNameText(node: DerNode): string {
  if (node.tagClass === TagClass.Context && node.tagNumber === 4)
    return parseNameNode(explicitInner(node, 'directoryName')).text;
  if (node.tagClass === TagClass.Context && !node.constructed)
    return Buffer.from(contentOf(node)).toString('latin1');
  return `[${node.tagNumber}]`;
}

export interface VerifyTimeStampTokenOptions {
  /** The imprint the token must carry (hash of the data, or of the signature value for a B-T signature). */
  readonly expectedImprint?: MessageImprint;
  /** Certificates to search for the TSA certificate besides those in the token. */
  readonly extraCertificates?: readonly Uint8Array[];
}

export interface TimestampVerification {
  /** All checks passed (chain and revocation of the TSA are not in scope here). */
  readonly valid: boolean;
  readonly token: TimestampToken;
  readonly tsaCertificate?: CertificateInfo;
  readonly signatureValid: boolean;
  readonly messageDigestMatches: boolean;
  readonly signingCertificateMatches: boolean;
  /** RFC 3161 2.3: extended key usage with only id-kp-timeStamping, marked critical. */
  readonly tsaCertificateEkuValid: boolean;
  readonly tsaCertificateValidAtGenTime: boolean;
  /** Undefined when no expected imprint was given. */
  readonly imprintMatches?: boolean;
  readonly problems: readonly string[];
}

/** Cryptographic and RFC 3161 profile checks of a time-stamp token. Structure errors throw MALFORMED. */
export function verifyTimeStampToken(
  tokenDer: Uint8Array,
  options: VerifyTimeStampTokenOptions = {},
): TimestampVerification {
  const token = parseTimeStampToken(tokenDer, options.extraCertificates);
  const problems: string[] = [];
  // The TSTInfo is the encapsulated content: the message-digest is checked against it.
  const cms = verifyCmsSignature({ cms: token.signedData, extraCertificates: options.extraCertificates });
  problems.push(...cms.problems);
  const tsaCertificate = cms.signerCertificateDer ? readCertificate(cms.signerCertificateDer) : undefined;
  const signingCertificateMatches = cms.signingCertificate?.matches === true;
  if (tsaCertificate && !cms.signingCertificate)
    problems.push('no signing-certificate(-v2) attribute (RFC 5816)');

  const eku = tsaCertificate?.extendedKeyUsage;
  const tsaCertificateEkuValid =
    !!eku && eku.critical && eku.purposes.length === 1 && eku.purposes[0] === OID.kpTimeStamping;
  if (tsaCertificate && !tsaCertificateEkuValid) {
    problems.push('TSA certificate must have a critical extended key usage with only id-kp-timeStamping');
  }
  const tsaCertificateValidAtGenTime = !!tsaCertificate && isWithinValidity(tsaCertificate, token.genTime);
  if (tsaCertificate && !tsaCertificateValidAtGenTime)
    problems.push('genTime outside the TSA certificate validity');

  let imprintMatches: boolean | undefined;
  if (options.expectedImprint) {
    imprintMatches =
      token.messageImprint.algorithm.name === options.expectedImprint.algorithm &&
      token.messageImprint.digest.equals(options.expectedImprint.digest);
    if (!imprintMatches) problems.push('message imprint differs from the expected one');
  }
  return {
    valid: problems.length === 0,
    token,
    tsaCertificate,
    signatureValid: cms.signature?.valid === true,
    messageDigestMatches: cms.messageDigestMatches === true,
    signingCertificateMatches,
    tsaCertificateEkuValid,
    tsaCertificateValidAtGenTime,
    imprintMatches,
    problems,
  };
}

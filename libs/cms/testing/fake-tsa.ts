import {
  contentOf,
  expectSequence,
  isUniversal,
  rawOf,
  readRoot,
  UniversalTag,
} from '../src/asn1/der-reader';
import { readOctetString } from '../src/asn1/der-values';
import {
  generalizedTime,
  integer,
  octetString,
  oid,
  sequence,
  unsignedInteger,
} from '../src/asn1/der-writer';
import { OID } from '../src/asn1/oids';
import { digest } from '../src/algorithms/digest-algorithm';
import { assembleSignedData } from '../src/signed-data/signed-data-assembler';
import { buildSignedAttributes } from '../src/signed-data/signed-attributes';
import { schemeOf, signData, TestIdentity } from './test-certificates';

export interface FakeTsaOptions {
  readonly tsa: TestIdentity;
  readonly chain?: readonly Buffer[];
  readonly policy?: string;
  readonly genTime?: Date;
  /** Answer with this PKIStatus and no token. */
  readonly rejectWith?: number;
  /** Replace the hashed message (answers another request). */
  readonly imprintDigest?: Buffer;
  /** Replace the nonce, or drop it with null. */
  readonly nonce?: Buffer | null;
}

/** A TSA that answers a DER TimeStampReq with a DER TimeStampResp; every deviation is a knob. */
export function fakeTimeStampResponse(requestDer: Uint8Array, options: FakeTsaOptions): Buffer {
  if (options.rejectWith !== undefined) return sequence(sequence(integer(options.rejectWith)));
  const fields = expectSequence(readRoot(requestDer, 'TimeStampReq'), 'TimeStampReq', 8);
  const [algNode, digestNode] = expectSequence(fields[1], 'messageImprint', 3);
  const hashed = options.imprintDigest ?? Buffer.from(readOctetString(digestNode));
  const requestNonce = fields.slice(2).find((f) => isUniversal(f, UniversalTag.Integer));
  const nonce =
    options.nonce === null
      ? undefined
      : (options.nonce ?? (requestNonce ? contentOf(requestNonce) : undefined));
  const tstInfo = sequence(
    integer(1),
    oid(options.policy ?? '1.2.3.4.1'),
    sequence(Buffer.from(rawOf(algNode)), octetString(hashed)),
    integer(BigInt(Date.now())),
    generalizedTime(options.genTime ?? new Date()),
    ...(nonce ? [unsignedInteger(nonce)] : []),
  );
  const attrs = buildSignedAttributes({
    digestAlgorithm: 'sha256',
    messageDigest: digest('sha256', tstInfo),
    signerCertificateDer: options.tsa.certDer,
    contentType: OID.tstInfo,
  });
  const token = assembleSignedData({
    signedAttributesDer: attrs.der,
    signature: signData(options.tsa.key, attrs.der),
    signatureAlgorithm: schemeOf(options.tsa.key),
    digestAlgorithm: 'sha256',
    signerCertificateDer: options.tsa.certDer,
    certificatesDer: options.chain,
    encapsulatedContent: { contentType: OID.tstInfo, content: tstInfo },
  });
  return sequence(sequence(integer(0)), token);
}

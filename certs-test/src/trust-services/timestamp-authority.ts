import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derOf, OID, SigningIdentity, toArrayBuffer, wholeSeconds } from './signing-identity';

const ID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ATTR = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

/** Imprint algorithms we accept and their digest lengths. */
const IMPRINT_ALGORITHMS = new Map<string, number>([
  [OID.sha256, 32],
  [OID.sha384, 48],
  [OID.sha512, 64],
]);

/** PKIFailureInfo bit numbers (RFC 3161 2.4.2). */
export enum TsaFailure {
  badAlg = 0,
  badRequest = 2,
  badDataFormat = 5,
  unacceptedPolicy = 15,
  unacceptedExtension = 16,
  systemFailure = 25,
}

class TsaRejection extends Error {
  constructor(
    readonly failure: TsaFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface TimeStampAuthorityOptions {
  signer: SigningIdentity;
  /** Certificates added after the TSA's own when the request sets certReq (nearest issuer first). */
  chainDer: Buffer[];
  policyOid: string;
  clock: () => Date;
}

/**
 * RFC 3161 time-stamping unit: TimeStampReq DER in, TimeStampResp DER out. Never throws: anything it
 * cannot honour becomes a `rejection` with a failInfo bit, as a real TSA answers. Tokens carry
 * signing-certificate-v2 (RFC 5816) and whole-second genTime with an accuracy of one second.
 */
export class TimeStampAuthority {
  private readonly certHash: Buffer;

  constructor(private readonly options: TimeStampAuthorityOptions) {
    this.certHash = createHash('sha256').update(options.signer.certDer).digest();
  }

  respond(requestDer: Buffer): Buffer {
    try {
      return this.grant(this.parse(requestDer));
    } catch (err) {
      if (err instanceof TsaRejection) return this.reject(err.failure, err.message);
      return this.reject(TsaFailure.systemFailure, err instanceof Error ? err.message : String(err));
    }
  }

  private parse(requestDer: Buffer): pkijs.TimeStampReq {
    let request: pkijs.TimeStampReq;
    try {
      request = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
    } catch {
      throw new TsaRejection(TsaFailure.badRequest, 'not a DER TimeStampReq');
    }
    if (request.version !== 1)
      throw new TsaRejection(TsaFailure.badRequest, `unsupported version ${request.version}`);
    const algorithm = request.messageImprint.hashAlgorithm.algorithmId;
    const length = IMPRINT_ALGORITHMS.get(algorithm);
    if (length === undefined)
      throw new TsaRejection(TsaFailure.badAlg, `unsupported imprint algorithm ${algorithm}`);
    if (request.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== length) {
      throw new TsaRejection(TsaFailure.badDataFormat, 'imprint length does not match its algorithm');
    }
    if (request.reqPolicy && request.reqPolicy !== this.options.policyOid) {
      throw new TsaRejection(TsaFailure.unacceptedPolicy, `policy ${request.reqPolicy} is not offered`);
    }
    if (request.extensions?.length)
      throw new TsaRejection(TsaFailure.unacceptedExtension, 'extensions not supported');
    return request;
  }

  private grant(request: pkijs.TimeStampReq): Buffer {
    const { signer } = this.options;
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: request.reqPolicy ?? this.options.policyOid,
      messageImprint: request.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(uniqueSerial()) }),
      genTime: wholeSeconds(this.options.clock()),
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(request.nonce ? { nonce: request.nonce } : {}),
      tsa: new pkijs.GeneralName({ type: 4, value: signer.certificate.subject }),
    });
    const tstInfoDer = derOf(tstInfo.toSchema());

    const attributes = [
      attribute(ATTR.contentType, new asn1js.ObjectIdentifier({ value: ID_CT_TST_INFO })),
      attribute(
        ATTR.messageDigest,
        new asn1js.OctetString({ valueHex: toArrayBuffer(createHash('sha256').update(tstInfoDer).digest()) }),
      ),
      attribute(ATTR.signingCertificateV2, this.signingCertificateV2()),
    ].sort((a, b) => Buffer.compare(derOf(a.toSchema()), derOf(b.toSchema())));
    // The signature covers the attributes encoded as a SET (RFC 5652 5.4), in DER order.
    const signedAttrsDer = derOf(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }));

    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({
        issuer: signer.certificate.issuer,
        serialNumber: signer.certificate.serialNumber,
      }),
      digestAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: OID.sha256,
        algorithmParams: new asn1js.Null(),
      }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      signatureAlgorithm: signer.signatureAlgorithm(),
      signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signer.sign(signedAttrsDer)) }),
    });
    const certificates = request.certReq
      ? [
          signer.certificate,
          ...this.options.chainDer.map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der))),
        ]
      : undefined;
    // pkijs' constructor turns eContent into a constructed (BER) OCTET STRING; assigning it
    // afterwards keeps the token DER.
    const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: ID_CT_TST_INFO });
    encapContentInfo.eContent = new asn1js.OctetString({ valueHex: toArrayBuffer(tstInfoDer) });
    const signedData = new pkijs.SignedData({
      version: 3,
      digestAlgorithms: [
        new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      ],
      encapContentInfo,
      ...(certificates ? { certificates } : {}),
      signerInfos: [signerInfo],
    });
    const token = new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signedData.toSchema(true) });
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: token,
    });
    return derOf(response.toSchema());
  }

  /** SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 }; sha256 is the default hashAlgorithm, so omitted. */
  private signingCertificateV2(): asn1js.Sequence {
    const { certificate } = this.options.signer;
    const issuerSerial = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 4 },
              value: [certificate.issuer.toSchema()],
            }),
          ],
        }),
        certificate.serialNumber,
      ],
    });
    const essCertIdV2 = new asn1js.Sequence({
      value: [new asn1js.OctetString({ valueHex: toArrayBuffer(this.certHash) }), issuerSerial],
    });
    return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  }

  private reject(failure: TsaFailure, text: string): Buffer {
    const status = new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo: namedBit(failure),
    });
    return derOf(new pkijs.TimeStampResp({ status }).toSchema());
  }
}

function attribute(type: string, value: asn1js.BaseBlock): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** A one-bit named BIT STRING in DER (trailing zero bits dropped). */
function namedBit(bit: number): asn1js.BitString {
  const bytes = Buffer.alloc(Math.floor(bit / 8) + 1);
  bytes[Math.floor(bit / 8)] = 0x80 >> (bit % 8);
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: 7 - (bit % 8) });
}

/** 128-bit positive serial: unique across restarts without keeping a counter on disk. */
function uniqueSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  return serial;
}

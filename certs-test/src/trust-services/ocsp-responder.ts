import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { x509Builders } from '../pki-builders';
import type { TestCaName } from '../test-pki';
import type { RevocationRegistry } from './revocation-registry';
import { derOf, OID, serialHexOf, SigningIdentity, toArrayBuffer, wholeSeconds } from './signing-identity';

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const ID_PKIX_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const ONE_DAY_MS = 24 * 60 * 60 * 1000;

/** OCSPResponseStatus (RFC 6960 4.2.1). */
export enum OcspResponseStatus {
  successful = 0,
  malformedRequest = 1,
  internalError = 2,
}

const HASHES = new Map<string, string>([
  [OID.sha1, 'sha1'],
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
]);

export interface OcspIssuer {
  name: TestCaName;
  ca: SigningIdentity;
  /** Who signs answers about this CA's certificates: a delegated responder, or the CA itself. */
  responder: SigningIdentity;
}

export interface OcspResponderOptions {
  issuers: OcspIssuer[];
  revocations: RevocationRegistry;
  clock: () => Date;
}

/**
 * RFC 6960 responder: `good` for any serial of a known CA unless revoked, `revoked` with time and
 * reason, `unknown` for CertIDs naming a foreign issuer or an unsupported hash. The request nonce
 * is echoed. Answers about the intermediate's certificates are signed by the delegated responder
 * (its certificate included), answers about the root's by the root itself.
 */
export class OcspResponder {
  constructor(private readonly options: OcspResponderOptions) {}

  respond(requestDer: Buffer): Buffer {
    let request: pkijs.OCSPRequest;
    try {
      request = pkijs.OCSPRequest.fromBER(toArrayBuffer(requestDer));
    } catch {
      return statusOnly(OcspResponseStatus.malformedRequest);
    }
    const requests = request.tbsRequest.requestList;
    if (requests.length === 0) return statusOnly(OcspResponseStatus.malformedRequest);
    try {
      return this.answer(request);
    } catch {
      return statusOnly(OcspResponseStatus.internalError);
    }
  }

  private answer(request: pkijs.OCSPRequest): Buffer {
    const now = wholeSeconds(this.options.clock());
    const matches = request.tbsRequest.requestList.map((r) => ({
      certId: r.reqCert,
      issuer: this.issuerOf(r.reqCert),
    }));
    const responses = matches.map(({ certId, issuer }) => {
      const status = issuer
        ? this.statusOf(issuer.name, serialHexOf(certId.serialNumber), now)
        : unknownStatus();
      return new pkijs.SingleResponse({
        certID: certId,
        certStatus: status,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + ONE_DAY_MS),
      });
    });
    // One signature covers all answers: use the responder of the first CA we know.
    const signerIssuer = matches.find((m) => m.issuer)?.issuer ?? this.options.issuers[0];
    const responder = signerIssuer.responder;
    const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === ID_PKIX_OCSP_NONCE);
    const responseData = new pkijs.ResponseData({
      responderID: new asn1js.OctetString({ valueHex: toArrayBuffer(responder.keyId()) }),
      producedAt: now,
      responses,
      ...(nonce
        ? {
            responseExtensions: [
              new pkijs.Extension({
                extnID: ID_PKIX_OCSP_NONCE,
                extnValue: toArrayBuffer(Buffer.from(nonce.extnValue.valueBlock.valueHexView)),
              }),
            ],
          }
        : {}),
    });
    const tbs = derOf(responseData.toSchema(true));
    responseData.tbsView = new Uint8Array(tbs);
    const basic = new pkijs.BasicOCSPResponse({
      tbsResponseData: responseData,
      signatureAlgorithm: responder.signatureAlgorithm(),
      signature: new asn1js.BitString({ valueHex: toArrayBuffer(responder.sign(tbs)) }),
      ...(responder === signerIssuer.ca ? {} : { certs: [responder.certificate] }),
    });
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: OcspResponseStatus.successful }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: ID_PKIX_OCSP_BASIC,
        response: new asn1js.OctetString({ valueHex: toArrayBuffer(derOf(basic.toSchema())) }),
      }),
    });
    return derOf(response.toSchema());
  }

  private issuerOf(certId: pkijs.CertID): OcspIssuer | undefined {
    const hash = HASHES.get(certId.hashAlgorithm.algorithmId);
    if (!hash) return undefined;
    const nameHash = Buffer.from(certId.issuerNameHash.valueBlock.valueHexView);
    const keyHash = Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView);
    return this.options.issuers.find(
      ({ ca }) =>
        createHash(hash).update(ca.subjectDer).digest().equals(nameHash) &&
        createHash(hash).update(ca.publicKeyBits).digest().equals(keyHash),
    );
  }

  private statusOf(issuer: TestCaName, serialHex: string, now: Date): asn1js.BaseBlock {
    const revocation = this.options.revocations.lookup(issuer, serialHex, now);
    if (!revocation) return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
    const revokedInfo: asn1js.BaseBlock[] = [
      new asn1js.GeneralizedTime({ valueDate: wholeSeconds(revocation.revokedAt) }),
    ];
    // RFC 5280 5.3.1: "unspecified" is expressed by leaving the reason out.
    if (revocation.reason !== 'unspecified') {
      revokedInfo.push(
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.Enumerated({ value: x509Builders().CRL_REASONS[revocation.reason] })],
        }),
      );
    }
    return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: revokedInfo });
  }
}

function unknownStatus(): asn1js.BaseBlock {
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
}

function statusOnly(status: OcspResponseStatus): Buffer {
  return derOf(
    new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) }).toSchema(),
  );
}

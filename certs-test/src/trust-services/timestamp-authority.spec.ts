import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { testPki } from '../test-pki';
import { OID, SigningIdentity, toArrayBuffer } from './signing-identity';
import { TimeStampAuthority, TsaFailure } from './timestamp-authority';

const pki = testPki();
const POLICY = pki.manifest.policies.timestamping;
const clock = () => new Date('2030-04-05T06:07:08.900Z');
const tsa = new TimeStampAuthority({
  signer: new SigningIdentity(pki.tsa.certDer, pki.tsa.privateKey()),
  chainDer: pki.chainOf('tsa'),
  policyOid: POLICY,
  clock,
});

function request(
  options: { digest?: Buffer; algorithm?: string; nonce?: Buffer; certReq?: boolean; policy?: string } = {},
): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: options.algorithm ?? OID.sha256 }),
      hashedMessage: new asn1js.OctetString({
        valueHex: toArrayBuffer(options.digest ?? createHash('sha256').update('văn bản').digest()),
      }),
    }),
    ...(options.nonce ? { nonce: new asn1js.Integer({ valueHex: toArrayBuffer(options.nonce) }) } : {}),
    ...(options.certReq ? { certReq: true } : {}),
    ...(options.policy ? { reqPolicy: options.policy } : {}),
  });
  return Buffer.from(req.toSchema().toBER(false));
}

function parse(der: Buffer) {
  const response = pkijs.TimeStampResp.fromBER(toArrayBuffer(der));
  if (!response.timeStampToken) return { response };
  const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent!.valueBlock.valueHexView);
  return { response, signedData, tstInfo };
}

const failInfoBit = (der: Buffer): number => {
  const bits = Buffer.from(
    pkijs.TimeStampResp.fromBER(toArrayBuffer(der)).status.failInfo!.valueBlock.valueHexView,
  );
  return bits.reduce(
    (found, byte, i) => (found >= 0 || byte === 0 ? found : i * 8 + Math.clz32(byte) - 24),
    -1,
  );
};

describe('TimeStampAuthority', () => {
  it('echoes the nonce and imprint, uses the clock and the TSA policy', () => {
    const nonce = Buffer.from('0102030405060708', 'hex');
    const { response, tstInfo } = parse(tsa.respond(request({ nonce })));
    expect(response.status.status).toBe(pkijs.PKIStatus.granted);
    expect(Buffer.from(tstInfo!.nonce!.valueBlock.valueHexView).equals(nonce)).toBe(true);
    expect(tstInfo!.policy).toBe(POLICY);
    // Whole seconds: asn1js would encode milliseconds with trailing zeros, which DER forbids.
    expect(tstInfo!.genTime.toISOString()).toBe('2030-04-05T06:07:08.000Z');
    expect(Buffer.from(tstInfo!.messageImprint.hashedMessage.valueBlock.valueHexView)).toEqual(
      createHash('sha256').update('văn bản').digest(),
    );
  });

  it('carries signing-certificate-v2 with the SHA-256 of the TSA certificate', () => {
    const { signedData } = parse(tsa.respond(request()));
    const attrs = signedData!.signerInfos[0].signedAttrs!.attributes;
    const scv2 = attrs.find((a) => a.type === '1.2.840.113549.1.9.16.2.47');
    expect(scv2).toBeDefined();
    const essCertIdV2 = (scv2!.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = (essCertIdV2.valueBlock.value[0] as asn1js.Sequence).valueBlock
      .value[0] as asn1js.OctetString;
    expect(Buffer.from(first.valueBlock.valueHexView)).toEqual(
      createHash('sha256').update(pki.tsa.certDer).digest(),
    );
  });

  it('includes the TSA certificate and chain only when asked (certReq)', () => {
    expect(parse(tsa.respond(request())).signedData!.certificates).toBeUndefined();
    expect(parse(tsa.respond(request({ certReq: true }))).signedData!.certificates).toHaveLength(3);
  });

  it('accepts SHA-384 and SHA-512 imprints', () => {
    for (const [algorithm, hash] of [
      [OID.sha384, 'sha384'],
      [OID.sha512, 'sha512'],
    ]) {
      const digest = createHash(hash).update('x').digest();
      expect(parse(tsa.respond(request({ algorithm, digest }))).response.status.status).toBe(
        pkijs.PKIStatus.granted,
      );
    }
  });

  it.each([
    ['garbage', () => randomBytes(40), TsaFailure.badRequest],
    ['SHA-1 imprint', () => request({ algorithm: OID.sha1, digest: randomBytes(20) }), TsaFailure.badAlg],
    ['short imprint', () => request({ digest: randomBytes(20) }), TsaFailure.badDataFormat],
    ['foreign policy', () => request({ policy: '1.2.3.4' }), TsaFailure.unacceptedPolicy],
  ])('rejects %s with the matching failInfo', (_name, build, failure) => {
    const der = tsa.respond(build());
    expect(pkijs.TimeStampResp.fromBER(toArrayBuffer(der)).status.status).toBe(pkijs.PKIStatus.rejection);
    expect(failInfoBit(der)).toBe(failure);
  });
});

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testPki } from '@kyso/test-pki';
import { CmsError } from '../cms-error';
import { OID } from '../asn1/oids';
import { unitTestPki } from '../../testing/unit-test-pki';
import { isWithinValidity, readCertificate } from './certificate-info';
import { checkIssuedBy } from './issued-by';
import { spkiOf, toPublicKey } from './public-key';

const shared = testPki();
const unit = unitTestPki();

describe('readCertificate', () => {
  it('parses each certificate once per process, from a private copy of its bytes', () => {
    const der = Buffer.from(shared.entities[0].certDer);
    const first = readCertificate(der);
    const again = readCertificate(Buffer.from(der));
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    der.fill(0); // the caller's buffer may be reused: the cached certificate must not change with it
    expect(first.der.equals(shared.entities[0].certDer)).toBe(true);
    expect(first.sha256FingerprintHex).toBe(readCertificate(shared.entities[0].certDer).sha256FingerprintHex);
  });

  it('agrees with node:crypto X509Certificate on the committed test PKI', () => {
    for (const entity of shared.entities) {
      const info = readCertificate(entity.certDer);
      const x509 = new X509Certificate(entity.certDer);
      expect(info.serialHex).toBe(x509.serialNumber.toLowerCase().replace(/^(00)+/, ''));
      expect(info.sha256FingerprintHex).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
      expect(info.notBefore).toEqual(new Date(x509.validFrom));
      expect(info.notAfter).toEqual(new Date(x509.validTo));
      expect(
        info.subject.rdns
          .flat()
          .map((a) => `${a.shortName ?? a.type}=${a.value}`)
          .join('\n'),
      ).toBe(x509.subject.replace(/^title=/m, 'T=').replace(/^serialNumber=/m, 'SERIALNUMBER='));
      expect(info.basicConstraints?.ca === true).toBe(x509.ca);
      expect(toPublicKey(entity.certDer).equals(x509.publicKey)).toBe(true);
    }
  });

  it('decodes Vietnamese names and every extension kyso reads', () => {
    const leader = readCertificate(shared.leaderRsa.certDer);
    expect(leader.subject.commonName).toBe('Nguyễn Văn An');
    expect(leader.subject.text).toBe(
      'CN=Nguyễn Văn An,SERIALNUMBER=CCCD:001085000101,T=Chủ tịch UBND xã,O=UBND xã Tân Lập,L=Xã Tân Lập,C=VN',
    );
    expect(leader.issuer.text).toContain('CN=Ban Cơ yếu Chính phủ - VGCA Test CA');
    expect(leader.ocspUrls).toEqual(['http://127.0.0.1:39080/ocsp']);
    expect(leader.caIssuersUrls).toEqual(['http://127.0.0.1:39080/ca/intermediate.cer']);
    expect(leader.crlUrls).toEqual(['http://127.0.0.1:39080/crl/intermediate.crl']);
    expect(leader.keyUsage).toContain('nonRepudiation');
    expect(leader.basicConstraints?.ca ?? false).toBe(false);
    expect(leader.authorityKeyIdentifierHex).toBe(
      readCertificate(shared.intermediate.certDer).subjectKeyIdentifierHex,
    );
    expect(leader.serialHex).toBe(shared.leaderRsa.serialHex.replace(/^00/, ''));

    const tsa = readCertificate(shared.tsa.certDer);
    expect(tsa.extendedKeyUsage).toEqual({ purposes: [OID.kpTimeStamping], critical: true });
    const ca = readCertificate(shared.intermediate.certDer);
    expect(ca.basicConstraints).toMatchObject({ ca: true, critical: true });
    expect(ca.keyUsage).toEqual(expect.arrayContaining(['keyCertSign', 'cRLSign']));
  });

  it('checks validity, issuance and extracts the SPKI', () => {
    const expired = readCertificate(shared.expired.certDer);
    expect(isWithinValidity(expired, new Date())).toBe(false);
    expect(isWithinValidity(expired, expired.notBefore)).toBe(true);
    expect(checkIssuedBy(shared.leaderRsa.certDer, shared.intermediate.certDer).issued).toBe(true);
    expect(checkIssuedBy(shared.leaderRsa.certDer, shared.root.certDer)).toMatchObject({
      issued: false,
      nameMatches: false,
    });
    expect(checkIssuedBy(unit.leaderEc.certDer, unit.intermediate.certDer).issued).toBe(true);
    const spki = spkiOf(unit.leaderEc.certDer);
    expect(Buffer.from(spki)).toEqual(unit.leaderEc.info.spkiDer);
    expect(Buffer.from(spkiOf(spki))).toEqual(unit.leaderEc.info.spkiDer);
  });

  it('throws CmsError on garbage and truncation', () => {
    expect(() => readCertificate(Buffer.from('garbage'))).toThrowError(CmsError);
    expect(() => readCertificate(shared.root.certDer.subarray(0, 200))).toThrowError(CmsError);
  });
});

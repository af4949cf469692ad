import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { TEST_PKI_ENTITY_NAMES, testPki } from './test-pki';

const pki = testPki();
const x509 = (name: (typeof TEST_PKI_ENTITY_NAMES)[number]) => new X509Certificate(pki[name].certDer);

describe('testPki()', () => {
  it.each(TEST_PKI_ENTITY_NAMES)('%s: PEM, DER, key and manifest agree', (name) => {
    const entity = pki[name];
    const cert = x509(name);
    expect(new X509Certificate(entity.certPem).raw.equals(entity.certDer)).toBe(true);
    expect(cert.serialNumber.toLowerCase()).toBe(entity.serialHex);
    expect(cert.checkPrivateKey(entity.privateKey())).toBe(true);
    expect(entity.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(entity.privateKey().asymmetricKeyType).toBe(entity.keyType);
    expect(new Date(cert.validFrom).getTime()).toBe(entity.notBefore.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(entity.notAfter.getTime());
  });

  it('chains every end entity to the intermediate and the intermediate to the self-signed root', () => {
    const root = x509('root');
    const intermediate = x509('intermediate');
    expect(root.verify(root.publicKey)).toBe(true);
    expect(intermediate.verify(root.publicKey)).toBe(true);
    for (const entity of pki.entities.filter((e) => e.issuer === 'intermediate')) {
      expect(x509(entity.name).verify(intermediate.publicKey), entity.name).toBe(true);
      expect(x509(entity.name).checkIssued(intermediate), entity.name).toBe(true);
    }
    expect(pki.chainOf('leaderRsa')).toEqual([pki.intermediate.certDer, pki.root.certDer]);
  });

  it('keeps Vietnamese names and organisation codes in the subjects', () => {
    expect(x509('leaderRsa').subject).toContain('CN=Nguyễn Văn An');
    expect(x509('leaderRsa').subject).toContain('O=UBND xã Tân Lập');
    expect(x509('leaderEc').subject).toContain('CN=Trần Thị Bình');
    expect(x509('root').subject).toContain('CN=Root CA Quốc gia (Test)');
    expect(x509('intermediate').subject).toContain('CN=Ban Cơ yếu Chính phủ - VGCA Test CA');
    expect(pki.sealA.organisationCode).toBe('000.00.31.H41');
    for (const seal of ['sealA', 'sealB', 'sealC'] as const) {
      expect(pki[seal].subject).toContain(`organizationIdentifier=${pki[seal].organisationCode}`);
    }
  });

  it('uses RSA-2048 everywhere except the EC leader (P-256)', () => {
    for (const entity of pki.entities) {
      const details = x509(entity.name).publicKey.asymmetricKeyDetails;
      if (entity.name === 'leaderEc') expect(details?.namedCurve).toBe('prime256v1');
      else expect(details?.modulusLength).toBe(2048);
    }
  });

  it('points AIA and CRL distribution points at the local trust services', () => {
    for (const entity of pki.entities.filter((e) => e.issuer)) {
      const cert = x509(entity.name);
      expect(cert.infoAccess).toContain('OCSP - URI:http://127.0.0.1:39080/ocsp');
      expect(cert.infoAccess).toContain(`CA Issuers - URI:http://127.0.0.1:39080/ca/${entity.issuer}.cer`);
    }
  });

  it('gives the TSA only timeStamping and the OCSP responder only OCSPSigning', () => {
    expect(x509('tsa').keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(x509('ocsp').keyUsage).toEqual(['1.3.6.1.5.5.7.3.9']);
  });

  it('is expired, not yet valid and revoked by construction, independent of the clock', () => {
    expect(pki.expired.notAfter.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(pki.notYetValid.notBefore.toISOString()).toBe('2090-01-01T00:00:00.000Z');
    expect(pki.manifest.revocations).toEqual([
      expect.objectContaining({
        entity: 'revoked',
        serialHex: pki.revoked.serialHex,
        reason: 'keyCompromise',
      }),
    ]);
  });

  it.each(['leaderRsa', 'sealC', 'tsa'] as const)(
    '%s.p12 opens in node-forge with key, certificate and chain',
    (name) => {
      const der = readFileSync(pki[name].p12Path);
      const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), pki.p12Password);
      const keyBags =
        p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ??
        [];
      const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
      expect(keyBags).toHaveLength(1);
      expect(certBags).toHaveLength(3);
      const key = keyBags[0].key as forge.pki.rsa.PrivateKey;
      const leaf = certBags[0].cert as forge.pki.Certificate;
      expect((leaf.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n)).toBe(true);
      expect(leaf.serialNumber).toBe(pki[name].serialHex);
    },
  );
});

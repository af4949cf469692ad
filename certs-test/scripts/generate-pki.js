#!/usr/bin/env node
'use strict';
// `npm run pki`: writes the deterministic test PKI into certs-test/pki/ (or --out <dir>).
// Running it twice gives byte-identical files: keys come from seeded derivations, serials, dates,
// salts and IVs are fixed, and the CAs sign with RSA PKCS#1 v1.5 (deterministic).
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const {
  deterministicRsaKey,
  deterministicEcKey,
  deterministicSerial,
  derivedBytes,
} = require('./pki/deterministic-keys');
const { distinguishedName, buildCertificate, buildCrl } = require('./pki/x509-der');
const { profileExtensions } = require('./pki/certificate-profiles');
const { buildPkcs12 } = require('./pki/pkcs12-der');
const { TRUST_BASE_URL, P12_PASSWORD, POLICY, ENTITIES, CRL_VALIDITY } = require('./pki/pki-plan');

const DEFAULT_OUT_DIR = path.resolve(__dirname, '..', 'pki');

function pem(label, derBytes) {
  const lines = derBytes.toString('base64').match(/.{1,64}/g);
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function subjectString(attributes) {
  return attributes.map(([type, value]) => `${type}=${value}`).join(', ');
}

function generatePki(outDir = DEFAULT_OUT_DIR) {
  fs.mkdirSync(outDir, { recursive: true });
  const issued = new Map();
  const write = (name, content) => fs.writeFileSync(path.join(outDir, name), content);

  for (const entity of ENTITIES) {
    const privateKey =
      entity.keyType === 'ec' ? deterministicEcKey(entity.key) : deterministicRsaKey(entity.key, 2048);
    const spkiDer = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const serial = deterministicSerial(entity.key);
    const subjectName = distinguishedName(entity.subject);
    const issuer = entity.issuer ? issued.get(entity.issuer) : null;
    if (entity.issuer && !issuer) throw new Error(`${entity.key}: issuer ${entity.issuer} must come first`);
    const certDer = buildCertificate({
      serial,
      issuerName: issuer ? distinguishedName(issuer.entity.subject) : subjectName,
      subjectName,
      notBefore: entity.validity.notBefore,
      notAfter: entity.validity.notAfter,
      spkiDer,
      extensionNodes: profileExtensions(entity.profile, {
        spkiDer,
        issuer: issuer ? { spkiDer: issuer.spkiDer, file: issuer.entity.file } : undefined,
      }),
      signingKey: issuer ? issuer.privateKey : privateKey,
    });
    issued.set(entity.key, { entity, privateKey, spkiDer, serial, certDer });
  }

  const chainOf = (key) => {
    const chain = [];
    for (let at = issued.get(key).entity.issuer; at; at = issued.get(at).entity.issuer)
      chain.push(issued.get(at).certDer);
    return chain;
  };

  const manifest = {
    description: 'kyso test PKI: deterministic, committed, test use only. Regenerate with `npm run pki`.',
    p12Password: P12_PASSWORD,
    trustBaseUrl: TRUST_BASE_URL,
    policies: POLICY,
    entities: {},
    crls: {},
    revocations: [],
  };

  for (const { entity, privateKey, serial, certDer } of issued.values()) {
    const keyDer = privateKey.export({ type: 'pkcs8', format: 'der' });
    const files = {
      certPem: `${entity.file}.cert.pem`,
      certDer: `${entity.file}.cert.der`,
      keyPem: `${entity.file}.key.pem`,
      p12: `${entity.file}.p12`,
    };
    write(files.certPem, pem('CERTIFICATE', certDer));
    write(files.certDer, certDer);
    write(files.keyPem, pem('PRIVATE KEY', keyDer));
    write(
      files.p12,
      buildPkcs12({
        keyDer,
        certDer,
        chainDer: chainOf(entity.key),
        password: P12_PASSWORD,
        friendlyName: entity.file,
        randomness: {
          keySalt: derivedBytes(`p12/${entity.key}/key-salt`, 16),
          keyIv: derivedBytes(`p12/${entity.key}/key-iv`, 16),
          macSalt: derivedBytes(`p12/${entity.key}/mac-salt`, 16),
        },
      }),
    );
    manifest.entities[entity.key] = {
      file: entity.file,
      role: entity.role,
      profile: entity.profile,
      issuer: entity.issuer,
      subject: subjectString(entity.subject),
      serialHex: serial.toString('hex'),
      keyType: entity.keyType,
      keyAlgorithm: entity.keyType === 'ec' ? 'ECDSA P-256' : 'RSA 2048',
      notBefore: entity.validity.notBefore.toISOString(),
      notAfter: entity.validity.notAfter.toISOString(),
      ...(entity.organisationCode ? { organisationCode: entity.organisationCode } : {}),
      files,
    };
    if (entity.revocation) {
      manifest.revocations.push({
        issuer: entity.issuer,
        entity: entity.key,
        serialHex: serial.toString('hex'),
        revokedAt: entity.revocation.revokedAt.toISOString(),
        reason: entity.revocation.reason,
      });
    }
  }

  for (const ca of [...issued.values()].filter(({ entity }) => entity.profile.endsWith('Ca'))) {
    const revoked = ENTITIES.filter((e) => e.issuer === ca.entity.key && e.revocation).map((e) => ({
      serial: issued.get(e.key).serial,
      revokedAt: e.revocation.revokedAt,
      reason: e.revocation.reason,
    }));
    const crlDer = buildCrl({
      issuerName: distinguishedName(ca.entity.subject),
      issuerSpkiDer: ca.spkiDer,
      thisUpdate: CRL_VALIDITY.thisUpdate,
      nextUpdate: CRL_VALIDITY.nextUpdate,
      crlNumber: 1,
      revoked,
      signingKey: ca.privateKey,
    });
    const files = { crlDer: `${ca.entity.file}.crl`, crlPem: `${ca.entity.file}.crl.pem` };
    write(files.crlDer, crlDer);
    write(files.crlPem, pem('X509 CRL', crlDer));
    manifest.crls[ca.entity.key] = {
      thisUpdate: CRL_VALIDITY.thisUpdate.toISOString(),
      nextUpdate: CRL_VALIDITY.nextUpdate.toISOString(),
      crlNumber: 1,
      files,
    };
  }

  write(
    'chain.pem',
    pem('CERTIFICATE', issued.get('intermediate').certDer) + pem('CERTIFICATE', issued.get('root').certDer),
  );
  write('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (require.main === module) {
  const outFlag = process.argv.indexOf('--out');
  const outDir = outFlag >= 0 ? path.resolve(process.argv[outFlag + 1]) : DEFAULT_OUT_DIR;
  const started = Date.now();
  const manifest = generatePki(outDir);
  console.log(
    `test PKI written to ${outDir}: ${Object.keys(manifest.entities).length} certificates, ` +
      `${Object.keys(manifest.crls).length} CRLs (${Date.now() - started} ms)`,
  );
}

module.exports = { generatePki };

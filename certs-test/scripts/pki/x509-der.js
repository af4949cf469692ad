'use strict';
// DER builders for X.509 certificates and CRLs, written with asn1js so every byte is under our
// control (pkijs' RelativeDistinguishedNames would put all attributes into one multi-valued RDN).
// CAs sign with RSA PKCS#1 v1.5, which is deterministic: the same inputs give the same bytes.
const crypto = require('node:crypto');
const asn1js = require('asn1js');

const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspAccess: '1.3.6.1.5.5.7.48.1',
  caIssuersAccess: '1.3.6.1.5.5.7.48.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
};

// Attribute types used in Vietnamese government certificates. Country and serialNumber are
// PrintableString (RFC 5280); everything else is UTF8String so diacritics survive.
const NAME_ATTRIBUTES = {
  C: { oid: '2.5.4.6', printable: true },
  ST: { oid: '2.5.4.8' },
  L: { oid: '2.5.4.7' },
  O: { oid: '2.5.4.10' },
  OU: { oid: '2.5.4.11' },
  CN: { oid: '2.5.4.3' },
  title: { oid: '2.5.4.12' },
  serialNumber: { oid: '2.5.4.5', printable: true },
  organizationIdentifier: { oid: '2.5.4.97' },
  UID: { oid: '0.9.2342.19200300.100.1.1' },
};

/** keyUsage bit positions (RFC 5280 4.2.1.3). */
const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

const toArrayBuffer = (buf) => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const der = (node) => Buffer.from(node.toBER(false));

/** Name from an ordered list of [type, value]: one attribute per RDN, most significant first. */
function distinguishedName(attributes) {
  return new asn1js.Sequence({
    value: attributes.map(([type, value]) => {
      const spec = NAME_ATTRIBUTES[type];
      if (!spec) throw new Error(`unknown name attribute ${type}`);
      const str = spec.printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value });
      return new asn1js.Set({
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: spec.oid }), str] })],
      });
    }),
  });
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function x509Time(date) {
  return date.getUTCFullYear() < 2050
    ? new asn1js.UTCTime({ valueDate: date })
    : new asn1js.GeneralizedTime({ valueDate: date });
}

function rsaSha256Algorithm() {
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: OID.sha256WithRSAEncryption }), new asn1js.Null()],
  });
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1). */
function keyIdentifier(spkiDer) {
  const parsed = asn1js.fromBER(toArrayBuffer(spkiDer));
  const bits = parsed.result.valueBlock.value[1];
  return crypto.createHash('sha1').update(Buffer.from(bits.valueBlock.valueHexView)).digest();
}

function extension(oid, critical, valueNode) {
  const value = [new asn1js.ObjectIdentifier({ value: oid })];
  if (critical) value.push(new asn1js.Boolean({ value: true }));
  value.push(new asn1js.OctetString({ valueHex: toArrayBuffer(der(valueNode)) }));
  return new asn1js.Sequence({ value });
}

function uri(url) {
  // GeneralName uniformResourceIdentifier [6] IMPLICIT IA5String
  return new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: 6 },
    valueHex: toArrayBuffer(Buffer.from(url, 'ascii')),
  });
}

const extensions = {
  basicConstraints({ ca, pathLen }) {
    const value = [];
    if (ca) value.push(new asn1js.Boolean({ value: true }));
    if (ca && pathLen !== undefined) value.push(new asn1js.Integer({ value: pathLen }));
    return extension(OID.basicConstraints, true, new asn1js.Sequence({ value }));
  },
  keyUsage(usages) {
    let bits = 0;
    let highest = 0;
    for (const usage of usages) {
      const bit = KEY_USAGE_BITS[usage];
      if (bit === undefined) throw new Error(`unknown key usage ${usage}`);
      bits |= 0x80 >> bit;
      highest = Math.max(highest, bit);
    }
    // DER: the named bit list drops trailing zero bits.
    return extension(
      OID.keyUsage,
      true,
      new asn1js.BitString({ valueHex: toArrayBuffer(Buffer.from([bits])), unusedBits: 7 - highest }),
    );
  },
  extKeyUsage(oids, critical) {
    return extension(
      OID.extKeyUsage,
      critical,
      new asn1js.Sequence({ value: oids.map((value) => new asn1js.ObjectIdentifier({ value })) }),
    );
  },
  subjectKeyIdentifier(spkiDer) {
    return extension(
      OID.subjectKeyIdentifier,
      false,
      new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(spkiDer)) }),
    );
  },
  authorityKeyIdentifier(issuerSpkiDer) {
    const keyId = new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber: 0 },
      valueHex: toArrayBuffer(keyIdentifier(issuerSpkiDer)),
    });
    return extension(OID.authorityKeyIdentifier, false, new asn1js.Sequence({ value: [keyId] }));
  },
  authorityInfoAccess({ ocspUrl, caIssuersUrl }) {
    const access = (method, url) =>
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: method }), uri(url)] });
    return extension(
      OID.authorityInfoAccess,
      false,
      new asn1js.Sequence({
        value: [access(OID.ocspAccess, ocspUrl), access(OID.caIssuersAccess, caIssuersUrl)],
      }),
    );
  },
  crlDistributionPoints(url) {
    // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
    const fullName = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [uri(url)] });
    const dpName = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [fullName] });
    return extension(
      OID.cRLDistributionPoints,
      false,
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [dpName] })] }),
    );
  },
  certificatePolicies(policyOids) {
    return extension(
      OID.certificatePolicies,
      false,
      new asn1js.Sequence({
        value: policyOids.map(
          (value) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value })] }),
        ),
      }),
    );
  },
  ocspNoCheck() {
    return extension(OID.ocspNoCheck, false, new asn1js.Null());
  },
};

function rsaSign(tbsDer, signingKey) {
  if (signingKey.asymmetricKeyType !== 'rsa') throw new Error('test CAs sign with RSA only (deterministic)');
  return crypto.sign('sha256', tbsDer, signingKey);
}

function signed(tbs, signingKey) {
  const tbsDer = der(tbs);
  const signature = rsaSign(tbsDer, signingKey);
  return der(
    new asn1js.Sequence({
      value: [
        asn1js.fromBER(toArrayBuffer(tbsDer)).result,
        rsaSha256Algorithm(),
        new asn1js.BitString({ valueHex: toArrayBuffer(signature), unusedBits: 0 }),
      ],
    }),
  );
}

/**
 * X.509 v3 certificate. `serial` is the DER INTEGER content (positive, minimal), `spkiDer` the
 * subject's SubjectPublicKeyInfo, `extensionNodes` built with `extensions.*`.
 */
function buildCertificate({
  serial,
  issuerName,
  subjectName,
  notBefore,
  notAfter,
  spkiDer,
  extensionNodes,
  signingKey,
}) {
  const tbs = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1js.Integer({ value: 2 })],
      }),
      new asn1js.Integer({ valueHex: toArrayBuffer(serial) }),
      rsaSha256Algorithm(),
      issuerName,
      new asn1js.Sequence({ value: [x509Time(notBefore), x509Time(notAfter)] }),
      subjectName,
      asn1js.fromBER(toArrayBuffer(spkiDer)).result,
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 3 },
        value: [new asn1js.Sequence({ value: extensionNodes })],
      }),
    ],
  });
  return signed(tbs, signingKey);
}

/** X.509 v2 CRL with cRLNumber and authorityKeyIdentifier; entries carry a reasonCode. */
function buildCrl({ issuerName, issuerSpkiDer, thisUpdate, nextUpdate, crlNumber, revoked, signingKey }) {
  const entries = revoked.map(({ serial, revokedAt, reason }) => {
    const entry = [new asn1js.Integer({ valueHex: toArrayBuffer(serial) }), x509Time(revokedAt)];
    // RFC 5280 5.3.1: reasonCode "unspecified" should be left out.
    if (reason !== 'unspecified') {
      const reasonCode = new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.cRLReason }),
          new asn1js.OctetString({
            valueHex: toArrayBuffer(der(new asn1js.Enumerated({ value: CRL_REASONS[reason] }))),
          }),
        ],
      });
      entry.push(new asn1js.Sequence({ value: [reasonCode] }));
    }
    return new asn1js.Sequence({ value: entry });
  });
  const tbsValue = [
    new asn1js.Integer({ value: 1 }),
    rsaSha256Algorithm(),
    issuerName,
    x509Time(thisUpdate),
    x509Time(nextUpdate),
  ];
  if (entries.length > 0) tbsValue.push(new asn1js.Sequence({ value: entries }));
  tbsValue.push(
    new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 0 },
      value: [
        new asn1js.Sequence({
          value: [
            extensions.authorityKeyIdentifier(issuerSpkiDer),
            extension(OID.cRLNumber, false, new asn1js.Integer({ value: crlNumber })),
          ],
        }),
      ],
    }),
  );
  return signed(new asn1js.Sequence({ value: tbsValue }), signingKey);
}

/** Parses DER with this module's asn1js, so callers never mix nodes of two asn1js copies. */
function nodeFromDer(derBytes) {
  const parsed = asn1js.fromBER(toArrayBuffer(derBytes));
  if (parsed.offset === -1) throw new Error(`invalid DER: ${parsed.result.error}`);
  return parsed.result;
}

module.exports = {
  OID,
  nodeFromDer,
  CRL_REASONS,
  distinguishedName,
  extensions,
  keyIdentifier,
  buildCertificate,
  buildCrl,
};

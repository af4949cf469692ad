'use strict';
// PKCS#12 (RFC 7292) writer with OpenSSL 3's default algorithms: the key is shrouded with PBES2
// (PBKDF2-HMAC-SHA256, AES-256-CBC), certificates sit in a plain SafeContents, and the MAC is
// HMAC-SHA256 keyed by the PKCS#12 KDF. Salts and IVs come from the caller so output is repeatable.
const crypto = require('node:crypto');
const asn1js = require('asn1js');

const OID = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
};
const ITERATIONS = 2048;

const toArrayBuffer = (buf) => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const der = (node) => Buffer.from(node.toBER(false));
const octets = (buf) => new asn1js.OctetString({ valueHex: toArrayBuffer(buf) });
const oid = (value) => new asn1js.ObjectIdentifier({ value });
const explicit0 = (node) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [node] });

/** RFC 7292 appendix B.2 key derivation with SHA-256 (u = 32, v = 64). */
function pkcs12Kdf(password, salt, id, iterations, length) {
  const v = 64;
  const u = 32;
  // BMPString, big-endian, with a two-byte terminator.
  const pwd = Buffer.alloc((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) pwd.writeUInt16BE(password.charCodeAt(i), i * 2);
  const repeat = (src) => {
    const len = v * Math.ceil(src.length / v);
    const out = Buffer.alloc(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length];
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([salt.length ? repeat(salt) : Buffer.alloc(0), repeat(pwd)]);
  const blocks = [];
  for (let produced = 0; produced < length; produced += u) {
    let A = crypto.createHash('sha256').update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = crypto.createHash('sha256').update(A).digest();
    blocks.push(A);
    const B = Buffer.alloc(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function bagAttributes({ friendlyName, localKeyId }) {
  const attrs = [];
  if (friendlyName) {
    attrs.push(
      new asn1js.Sequence({
        value: [
          oid(OID.friendlyName),
          new asn1js.Set({ value: [new asn1js.BmpString({ value: friendlyName })] }),
        ],
      }),
    );
  }
  if (localKeyId) {
    attrs.push(
      new asn1js.Sequence({ value: [oid(OID.localKeyId), new asn1js.Set({ value: [octets(localKeyId)] })] }),
    );
  }
  return attrs.length ? [new asn1js.Set({ value: attrs })] : [];
}

function certBag(certDer, attributes) {
  const value = new asn1js.Sequence({ value: [oid(OID.x509Certificate), explicit0(octets(certDer))] });
  return new asn1js.Sequence({ value: [oid(OID.certBag), explicit0(value), ...bagAttributes(attributes)] });
}

function shroudedKeyBag(pkcs8Der, password, salt, iv, attributes) {
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ITERATIONS, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  const algorithm = new asn1js.Sequence({
    value: [
      oid(OID.pbes2),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              oid(OID.pbkdf2),
              new asn1js.Sequence({
                value: [
                  octets(salt),
                  new asn1js.Integer({ value: ITERATIONS }),
                  new asn1js.Sequence({ value: [oid(OID.hmacWithSha256), new asn1js.Null()] }),
                ],
              }),
            ],
          }),
          new asn1js.Sequence({ value: [oid(OID.aes256Cbc), octets(iv)] }),
        ],
      }),
    ],
  });
  const epki = new asn1js.Sequence({ value: [algorithm, octets(encrypted)] });
  return new asn1js.Sequence({
    value: [oid(OID.pkcs8ShroudedKeyBag), explicit0(epki), ...bagAttributes(attributes)],
  });
}

const dataContentInfo = (contentDer) =>
  new asn1js.Sequence({ value: [oid(OID.data), explicit0(octets(contentDer))] });

/**
 * @param {object} p
 * @param {Buffer} p.keyDer PKCS#8 PrivateKeyInfo
 * @param {Buffer} p.certDer leaf certificate
 * @param {Buffer[]} p.chainDer issuer certificates, nearest first
 * @param {string} p.password
 * @param {string} p.friendlyName
 * @param {{keySalt: Buffer, keyIv: Buffer, macSalt: Buffer}} p.randomness 16-byte values
 */
function buildPkcs12({ keyDer, certDer, chainDer, password, friendlyName, randomness }) {
  const localKeyId = crypto.createHash('sha1').update(certDer).digest();
  const certs = new asn1js.Sequence({
    value: [certBag(certDer, { friendlyName, localKeyId }), ...chainDer.map((c) => certBag(c, {}))],
  });
  const keys = new asn1js.Sequence({
    value: [
      shroudedKeyBag(keyDer, password, randomness.keySalt, randomness.keyIv, { friendlyName, localKeyId }),
    ],
  });
  const authSafe = der(
    new asn1js.Sequence({ value: [dataContentInfo(der(certs)), dataContentInfo(der(keys))] }),
  );
  const macKey = pkcs12Kdf(password, randomness.macSalt, 3, ITERATIONS, 32);
  const mac = crypto.createHmac('sha256', macKey).update(authSafe).digest();
  const macData = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [oid(OID.sha256), new asn1js.Null()] }), octets(mac)],
      }),
      octets(randomness.macSalt),
      new asn1js.Integer({ value: ITERATIONS }),
    ],
  });
  return der(
    new asn1js.Sequence({ value: [new asn1js.Integer({ value: 3 }), dataContentInfo(authSafe), macData] }),
  );
}

module.exports = { buildPkcs12, pkcs12Kdf };

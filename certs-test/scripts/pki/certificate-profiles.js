'use strict';
// Extensions of each certificate profile of the test PKI. Shared by `npm run pki` and by the
// trust services' issueCertificate(), so run-time certificates look like the committed ones.
const { OID, extensions } = require('./x509-der');
const { POLICY, TRUST_BASE_URL } = require('./pki-plan');

const PROFILE_POLICY = {
  subCa: POLICY.anyPolicy,
  person: POLICY.personal,
  seal: POLICY.organisation,
  tsa: POLICY.timestamping,
  ocsp: POLICY.organisation,
};

/**
 * @param {'rootCa'|'subCa'|'person'|'seal'|'tsa'|'ocsp'} profile
 * @param {{spkiDer: Buffer, issuer?: {spkiDer: Buffer, file: string}, baseUrl?: string}} p
 *   `issuer.file` names the CA in URLs: /ca/<file>.cer, /crl/<file>.crl.
 */
function profileExtensions(profile, { spkiDer, issuer, baseUrl = TRUST_BASE_URL }) {
  if (!(profile in PROFILE_POLICY) && profile !== 'rootCa')
    throw new Error(`unknown certificate profile ${profile}`);
  const list = [];
  const isCa = profile === 'rootCa' || profile === 'subCa';
  // Root → intermediate → end entity: the root allows one CA below it, the intermediate none.
  if (isCa) list.push(extensions.basicConstraints({ ca: true, pathLen: profile === 'rootCa' ? 1 : 0 }));
  const usages = isCa
    ? ['keyCertSign', 'cRLSign']
    : profile === 'person' || profile === 'seal'
      ? ['digitalSignature', 'nonRepudiation']
      : ['digitalSignature'];
  list.push(extensions.keyUsage(usages));
  // RFC 3161 2.3: the TSA's extended key usage must be timeStamping only, and critical.
  if (profile === 'tsa') list.push(extensions.extKeyUsage([OID.timeStamping], true));
  if (profile === 'ocsp') {
    list.push(extensions.extKeyUsage([OID.ocspSigning], false));
    list.push(extensions.ocspNoCheck());
  }
  list.push(extensions.subjectKeyIdentifier(spkiDer));
  if (issuer) {
    list.push(extensions.authorityKeyIdentifier(issuer.spkiDer));
    list.push(
      extensions.authorityInfoAccess({
        ocspUrl: `${baseUrl}/ocsp`,
        caIssuersUrl: `${baseUrl}/ca/${issuer.file}.cer`,
      }),
    );
    list.push(extensions.crlDistributionPoints(`${baseUrl}/crl/${issuer.file}.crl`));
    list.push(extensions.certificatePolicies([PROFILE_POLICY[profile]]));
  }
  return list;
}

module.exports = { profileExtensions };

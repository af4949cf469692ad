import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CertificateInfo, readCertificate } from '@kyso/cms';
import { checkPathConstraints, describeNameAndPolicyConstraints } from './path-constraints';

const dir = mkdtempSync(join(tmpdir(), 'kyso-nc-'));
const at = (f: string) => join(dir, f);

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

/** A certificate made by openssl: self-signed when no issuer is given; `ext` is an X.509 v3 section. */
function cert(name: string, subject: string, ext: string, issuer?: string): CertificateInfo {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at(`${name}.key`)]);
  writeFileSync(at(`${name}.ext`), `[v3]\n${ext}\n`);
  openssl(['req', '-new', '-key', at(`${name}.key`), '-subj', subject, '-out', at(`${name}.csr`)]);
  const signWith = issuer
    ? ['-CA', at(`${issuer}.pem`), '-CAkey', at(`${issuer}.key`), '-CAcreateserial']
    : ['-signkey', at(`${name}.key`)];
  openssl([
    'x509',
    '-req',
    '-in',
    at(`${name}.csr`),
    ...signWith,
    '-days',
    '30',
    '-sha256',
    '-extfile',
    at(`${name}.ext`),
    '-extensions',
    'v3',
    '-out',
    at(`${name}.pem`),
  ]);
  openssl(['x509', '-in', at(`${name}.pem`), '-outform', 'DER', '-out', at(`${name}.der`)]);
  return readCertificate(readFileSync(at(`${name}.der`)));
}

const CA = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign';
const LEAF = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation';

describe('name constraints and certificate policies of a path', () => {
  const root = cert('root', '/C=VN/O=Root CA/CN=Root', CA);
  const ca = cert(
    'ca',
    '/C=VN/O=UBND tinh/CN=CA tinh',
    `${CA}\nnameConstraints=critical,permitted;dirName:permitted_dn,excluded;email:.example.org\n[permitted_dn]\nC=VN\nO=UBND tinh`,
    'root',
  );
  const inside = cert(
    'inside',
    '/C=VN/O=UBND tinh/OU=Xa Tan Lap/CN=Nguyen Van An',
    `${LEAF}\ncertificatePolicies=1.3.6.1.4.1.99999.1.2`,
    'ca',
  );
  const outside = cert('outside', '/C=VN/O=UBND tinh khac/CN=Tran Thi Binh', LEAF, 'ca');

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a subject inside the permitted directoryName subtree', () => {
    expect(ca.nameConstraints?.permitted.map((t) => t.form)).toEqual(['directoryName']);
    expect(checkPathConstraints([inside, ca, root], true)).toBeUndefined();
  });

  it('fails a subject outside the permitted subtree (and names both certificates)', () => {
    expect(checkPathConstraints([outside, ca, root], true)).toMatchObject({
      code: 'CERT_NAME_CONSTRAINTS_VIOLATED',
      severity: 'error',
      params: { subject: outside.subject.text, issuer: ca.subject.text },
    });
  });

  it('reports the constraint forms it does not evaluate and the signer certificate policies', () => {
    expect(describeNameAndPolicyConstraints([inside, ca, root], true)).toEqual([
      expect.objectContaining({ code: 'NAME_CONSTRAINTS_NOT_EVALUATED', params: { forms: 'rfc822Name' } }),
      expect.objectContaining({
        code: 'CERT_POLICIES',
        params: expect.objectContaining({ policies: '1.3.6.1.4.1.99999.1.2' }),
      }),
    ]);
    expect(describeNameAndPolicyConstraints([outside, root], false)).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const INSTALL_HINT = 'install them with: apt-get install -y softhsm2 opensc openssl';

export interface LeaderToken {
  modulePath: string;
  label: string;
  pin: string;
  /** RSA-2048 leaf issued by `caDer`, key and certificate under CKA_ID 01. */
  rsaCertificateDer: Buffer;
  /** Self-signed P-256 certificate, key and certificate under CKA_ID 02. */
  ecCertificateDer: Buffer;
  /** The issuing CA's certificate, also stored on the token (no key), CKA_ID 0f. */
  caDer: Buffer;
  /** P-256 key generated on the token with CKA_ALWAYS_AUTHENTICATE (PIN for every signature), CKA_ID 03. */
  alwaysAuthCertificateDer: Buffer;
  cleanup(): void;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${command} not found; ${INSTALL_HINT}`);
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr ?? String(err)}`);
  }
}

/**
 * A leader's USB token in a private SoftHSM directory: an RSA key with a CA-issued certificate plus the
 * CA certificate, an EC key with a self-signed one, and an EC key that needs the PIN for every
 * signature — made with openssl, softhsm2-util and pkcs11-tool, the tools a vendor's provisioning would
 * use. Sets SOFTHSM2_CONF, so call it before the agent loads the module.
 */
export function createLeaderToken(label = 'leader', pin = '1234'): LeaderToken {
  if (!existsSync(SOFTHSM_MODULE)) throw new Error(`${SOFTHSM_MODULE} not found; ${INSTALL_HINT}`);
  const dir = mkdtempSync(join(tmpdir(), 'kyso-agent-hsm-'));
  const file = (name: string) => join(dir, name);
  mkdirSync(file('tokens'));
  const conf = `directories.tokendir = ${file('tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`;
  writeFileSync(file('softhsm2.conf'), conf);
  process.env.SOFTHSM2_CONF = file('softhsm2.conf');
  const p11 = ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin];
  const leafExtensions = file('leaf.ext');
  writeFileSync(
    leafExtensions,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );

  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '5678']);

  // prettier-ignore
  {
    // CA (P-256) and an RSA leaf it issues, with the extensions a signing certificate has.
    run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('ca.key')]);
    run('openssl', ['req', '-x509', '-new', '-key', file('ca.key'), '-subj', '/C=VN/O=kyso test/CN=kyso Test CA',
      '-days', '60', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-outform', 'DER', '-out', file('ca.der')]);
    const issue = (csr: string, out: string, extra: string[]) =>
      run('openssl', ['x509', '-req', '-in', csr, '-CA', file('ca.der'), '-CAform', 'DER', '-CAkey', file('ca.key'),
        '-days', '30', '-sha256', '-extfile', leafExtensions, '-outform', 'DER', '-out', out, ...extra]);
    run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file('rsa.key')]);
    run('openssl', ['req', '-new', '-utf8', '-key', file('rsa.key'), '-subj', '/C=VN/O=UBND xã Tân Lập/CN=Phạm Thị Dung',
      '-out', file('rsa.csr')]);
    issue(file('rsa.csr'), file('rsa.der'), ['-set_serial', '0x1234']);

    // A self-signed EC certificate.
    run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('ec.key')]);
    run('openssl', ['req', '-x509', '-new', '-key', file('ec.key'), '-subj', '/C=VN/CN=Nguyen Van B', '-days', '30',
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature',
      '-outform', 'DER', '-out', file('ec.der')]);

    for (const [id, name, key, cert] of [['01', 'leader-rsa', 'rsa.key', 'rsa.der'], ['02', 'leader-ec', 'ec.key', 'ec.der']]) {
      run('softhsm2-util', ['--import', file(key!), '--token', label, '--id', id!, '--label', name!, '--pin', pin]);
      run('pkcs11-tool', [...p11, '--write-object', file(cert!), '--type', 'cert', '--id', id!, '--label', name!]);
    }
    run('pkcs11-tool', [...p11, '--write-object', file('ca.der'), '--type', 'cert', '--id', '0f', '--label', 'kyso Test CA']);

    // A key made on the token that demands the PIN for each signature; its CA-issued certificate carries
    // the token's public key (openssl -force_pubkey on any request).
    run('pkcs11-tool', [...p11, '--keypairgen', '--key-type', 'EC:prime256v1', '--id', '03', '--label', 'leader-always',
      '--always-auth']);
    run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, '--read-object', '--type', 'pubkey',
      '--id', '03', '-o', file('always.pub.der')]);
    run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', file('always.pub.der'), '-out', file('always.pub.pem')]);
    issue(file('rsa.csr'), file('always.der'), ['-force_pubkey', file('always.pub.pem'), '-subj', '/C=VN/CN=Tran Van C',
      '-set_serial', '0x5678']);
    run('pkcs11-tool', [...p11, '--write-object', file('always.der'), '--type', 'cert', '--id', '03', '--label', 'leader-always']);
  }

  const result = {
    modulePath: SOFTHSM_MODULE,
    label,
    pin,
    rsaCertificateDer: readFileSync(file('rsa.der')),
    ecCertificateDer: readFileSync(file('ec.der')),
    caDer: readFileSync(file('ca.der')),
    alwaysAuthCertificateDer: readFileSync(file('always.der')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  // The private keys live on the token now; nothing outside it should keep them.
  for (const key of ['ca.key', 'rsa.key', 'ec.key']) rmSync(file(key));
  return result;
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const INSTALL_HINT = 'SoftHSM2 / OpenSC are missing: apt-get install -y softhsm2 opensc';

export interface SoftHsmFixture {
  readonly modulePath: string;
  readonly dir: string;
  readonly tokenLabel: string;
  readonly pin: string;
  /** Self-signed certificate of the imported RSA key `k-imp` (id 03), also stored on the token. */
  readonly importedCertificateDer: Buffer;
  /** Certificate of the imported EC key `k-imp-ec` (id 04); NOT stored on the token. */
  readonly ecCertificateNotOnTokenDer: Buffer;
  /** Certificate of a key that is not on the token at all. */
  readonly foreignCertificateDer: Buffer;
  cleanup(): void;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command} ${args[0]} failed: ${stderr || String(error)}`);
  }
}

function requireTools(): void {
  if (!existsSync(SOFTHSM_MODULE)) throw new Error(`${SOFTHSM_MODULE} not found. ${INSTALL_HINT}`);
  for (const tool of ['softhsm2-util', 'pkcs11-tool', 'openssl']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} not found. ${INSTALL_HINT}`);
    }
  }
}

function selfSignedCertificate(dir: string, name: string, keyArgs: string[], subject: string): Buffer {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.der`);
  run('openssl', ['genpkey', ...keyArgs, '-out', keyPath]);
  run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    keyPath,
    '-subj',
    subject,
    '-days',
    '30',
    '-outform',
    'DER',
    '-out',
    certPath,
  ]);
  return readFileSync(certPath);
}

/**
 * A private SoftHSM token directory under the OS temp dir, with:
 * - k-rsa (id 01, RSA-2048, generated on the token), k-ec (id 02, P-256, generated on the token),
 * - k-imp (id 03, imported RSA key + its certificate), k-imp-ec (id 04, imported EC key, no cert),
 * - k-aa (id 05, P-256 with CKA_ALWAYS_AUTHENTICATE: the PIN again for every signature).
 * Sets process.env.SOFTHSM2_CONF: call it before the module is loaded (C_Initialize reads it).
 */
export function createSoftHsmFixture(tokenLabel = 't', pin = '1234'): SoftHsmFixture {
  requireTools();
  const dir = mkdtempSync(join(tmpdir(), 'kyso-pkcs11-'));
  const conf = join(dir, 'softhsm2.conf');
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  // SoftHSM takes its configuration from the environment only; test code, not the library.
  // eslint-disable-next-line no-restricted-properties
  process.env.SOFTHSM2_CONF = conf;

  const p11 = ['--module', SOFTHSM_MODULE, '--token-label', tokenLabel, '--login', '--pin', pin];
  run('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', '5678']);
  const keyPair = (type: string, id: string, label: string, ...extra: string[]): void => {
    run('pkcs11-tool', [...p11, '--keypairgen', '--key-type', type, '--id', id, '--label', label, ...extra]);
  };
  keyPair('rsa:2048', '01', 'k-rsa');
  keyPair('EC:prime256v1', '02', 'k-ec');
  keyPair('EC:prime256v1', '05', 'k-aa', '--always-auth');

  const importedCertificateDer = selfSignedCertificate(
    dir,
    'imp',
    ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    '/C=VN/O=UBND xa A/CN=kyso pkcs11 imported',
  );
  run('softhsm2-util', [
    '--import',
    join(dir, 'imp.key.pem'),
    '--token',
    tokenLabel,
    '--id',
    '03',
    '--label',
    'k-imp',
    '--pin',
    pin,
  ]);
  run('pkcs11-tool', [
    ...p11,
    '--write-object',
    join(dir, 'imp.cert.der'),
    '--type',
    'cert',
    '--id',
    '03',
    '--label',
    'k-imp',
  ]);

  const ecCertificateNotOnTokenDer = selfSignedCertificate(
    dir,
    'impec',
    ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    '/C=VN/CN=kyso pkcs11 imported ec',
  );
  run('softhsm2-util', [
    '--import',
    join(dir, 'impec.key.pem'),
    '--token',
    tokenLabel,
    '--id',
    '04',
    '--label',
    'k-imp-ec',
    '--pin',
    pin,
  ]);

  const foreignCertificateDer = selfSignedCertificate(
    dir,
    'foreign',
    ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    '/C=VN/CN=kyso pkcs11 foreign',
  );
  // Private keys of the test certificates are not needed any more; keep only what the token holds.
  for (const name of ['imp', 'impec', 'foreign']) rmSync(join(dir, `${name}.key.pem`));

  return {
    modulePath: SOFTHSM_MODULE,
    dir,
    tokenLabel,
    pin,
    importedCertificateDer,
    ecCertificateNotOnTokenDer,
    foreignCertificateDer,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

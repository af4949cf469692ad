import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl } from '../run-tool';
import { testPki } from '../test-pki';
import { startTrustServices, type TrustServices } from './trust-services';

const pki = testPki();
let services: TrustServices;
let work: string;

async function post(
  url: string,
  contentType: string,
  body: Buffer,
): Promise<{ status: number; body: Buffer; type: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return {
    status: res.status,
    body: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get('content-type') ?? '',
  };
}

function ocspCheck(certPath: string, issuerPath: string, url = services.ocspUrl): Promise<string> {
  return openssl([
    'ocsp',
    '-issuer',
    issuerPath,
    '-cert',
    certPath,
    '-url',
    url,
    '-CAfile',
    pki.root.certPath,
    '-verify_other',
    pki.intermediate.certPath,
  ]);
}

beforeAll(async () => {
  services = await startTrustServices({ port: 0 });
  work = mkdtempSync(join(tmpdir(), 'kyso-trust-'));
});

afterAll(async () => {
  await services?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('OCSP responder', () => {
  it('reports the revoked certificate as revoked with its fixed time and reason', async () => {
    const out = await ocspCheck(pki.revoked.certPath, pki.intermediate.certPath);
    expect(out).toContain('Response verify OK');
    expect(out).toMatch(/revoked\.cert\.pem: revoked/);
    expect(out).toContain('Reason: keyCompromise');
    expect(out).toContain('Revocation Time: Mar  1 00:00:00 2025 GMT');
    expect(out).not.toContain('WARNING: no nonce');
  });

  it.each(['leaderRsa', 'leaderEc', 'sealA', 'sealB', 'sealC', 'tsa'] as const)(
    'reports %s as good',
    async (name) => {
      const out = await ocspCheck(pki[name].certPath, pki.intermediate.certPath);
      expect(out).toContain('Response verify OK');
      expect(out).toMatch(new RegExp(`${pki[name].file}\\.cert\\.pem: good`));
    },
  );

  it('answers for the intermediate with a response signed by the root', async () => {
    const out = await ocspCheck(pki.intermediate.certPath, pki.root.certPath);
    expect(out).toContain('Response verify OK');
    expect(out).toMatch(/intermediate\.cert\.pem: good/);
  });

  it('answers unknown for a foreign issuer', async () => {
    const out = await openssl([
      'ocsp',
      '-issuer',
      pki.leaderRsa.certPath,
      '-serial',
      '0x1234',
      '-url',
      services.ocspUrl,
      '-noverify',
    ]);
    expect(out).toMatch(/0x1234: unknown/);
  });

  it('accepts GET requests (RFC 6960 A.1)', async () => {
    const reqPath = join(work, 'get.ocsp.req');
    await openssl([
      'ocsp',
      '-issuer',
      pki.intermediate.certPath,
      '-cert',
      pki.revoked.certPath,
      '-reqout',
      reqPath,
      '-no_nonce',
    ]);
    const encoded = encodeURIComponent(readFileSync(reqPath).toString('base64'));
    const res = await fetch(`${services.ocspUrl}/${encoded}`);
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    const respPath = join(work, 'get.ocsp.resp');
    writeFileSync(respPath, Buffer.from(await res.arrayBuffer()));
    const out = await openssl(['ocsp', '-respin', respPath, '-resp_text', '-noverify']);
    expect(out).toContain('Cert Status: revoked');
  });

  it('answers malformedRequest to garbage', async () => {
    const res = await post(services.ocspUrl, 'application/ocsp-request', Buffer.from('not an OCSP request'));
    expect(res.status).toBe(200);
    const respPath = join(work, 'garbage.ocsp.resp');
    writeFileSync(respPath, res.body);
    expect(await openssl(['ocsp', '-respin', respPath, '-resp_text', '-noverify'])).toContain(
      'malformedrequest',
    );
  });

  it('reports a run-time revocation (API) with the given time', async () => {
    const issued = services.issue({ subject: 'Đỗ Văn Giang' });
    const certPath = join(work, 'issued-api.pem');
    writeFileSync(certPath, issued.certPem);
    expect(await ocspCheck(certPath, pki.intermediate.certPath)).toMatch(/issued-api\.pem: good/);
    services.revoke(issued.serialHex, new Date('2025-02-03T04:05:06Z'), 'superseded');
    const out = await ocspCheck(certPath, pki.intermediate.certPath);
    expect(out).toMatch(/issued-api\.pem: revoked/);
    expect(out).toContain('Revocation Time: Feb  3 04:05:06 2025 GMT');
    expect(out).toContain('Reason: superseded');
  });

  it('reports a run-time revocation made over HTTP (POST /admin/revoke)', async () => {
    const issued = services.issue({ subject: 'Vũ Thị Hạnh', keyType: 'ec' });
    const certPath = join(work, 'issued-http.pem');
    writeFileSync(certPath, issued.certPem);
    const res = await post(
      `${services.baseUrl}/admin/revoke`,
      'application/json',
      Buffer.from(JSON.stringify({ serialHex: issued.serialHex, revokedAt: '2025-05-06T07:08:09Z' })),
    );
    expect(res.status).toBe(200);
    const out = await ocspCheck(certPath, pki.intermediate.certPath);
    expect(out).toMatch(/issued-http\.pem: revoked/);
    expect(out).toContain('Revocation Time: May  6 07:08:09 2025 GMT');
  });

  it('rejects a malformed admin revocation', async () => {
    const res = await post(
      `${services.baseUrl}/admin/revoke`,
      'application/json',
      Buffer.from('{"serialHex":"xyz"}'),
    );
    expect(res.status).toBe(400);
  });
});

describe('CRL and CA certificate endpoints', () => {
  it('serves a CRL, signed by the intermediate, that lists the revoked certificate', async () => {
    const res = await fetch(services.crlUrl('intermediate'));
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    const crlPath = join(work, 'intermediate.crl');
    writeFileSync(crlPath, Buffer.from(await res.arrayBuffer()));
    const out = await openssl(['crl', '-inform', 'DER', '-in', crlPath, '-text', '-CAfile', pki.chainPath]);
    expect(out).toContain('verify OK');
    expect(out).toContain(`Serial Number: ${pki.revoked.serialHex.toUpperCase()}`);
    expect(out).toContain('Key Compromise');
  });

  it('lists the revoked certificate in the committed static CRL', async () => {
    const out = await openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      pki.crls.intermediate.path,
      '-text',
      '-CAfile',
      pki.chainPath,
    ]);
    expect(out).toContain('verify OK');
    expect(out).toContain(`Serial Number: ${pki.revoked.serialHex.toUpperCase()}`);
  });

  it('serves the root CRL signed by the root', async () => {
    const crlPath = join(work, 'root.crl');
    writeFileSync(crlPath, Buffer.from(await (await fetch(services.crlUrl('root'))).arrayBuffer()));
    expect(
      await openssl(['crl', '-inform', 'DER', '-in', crlPath, '-noout', '-CAfile', pki.root.certPath]),
    ).toContain('verify OK');
  });

  it('serves the CA certificates as DER', async () => {
    for (const ca of ['root', 'intermediate'] as const) {
      const res = await fetch(services.caIssuersUrl(ca));
      expect(res.headers.get('content-type')).toBe('application/pkix-cert');
      expect(Buffer.from(await res.arrayBuffer()).equals(pki[ca].certDer)).toBe(true);
    }
    expect((await fetch(`${services.baseUrl}/ca/unknown.cer`)).status).toBe(404);
  });

  it('keeps leases only for live processes', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('close', resolve));
    for (const pid of [process.pid, dead.pid]) {
      const res = await post(
        `${services.baseUrl}/admin/lease`,
        'application/json',
        Buffer.from(JSON.stringify({ pid })),
      );
      expect(res.status).toBe(200);
    }
    expect(services.liveLeases()).toEqual([process.pid]);
    await fetch(`${services.baseUrl}/admin/lease/${process.pid}`, { method: 'DELETE' });
    expect(services.liveLeases()).toEqual([]);
  });

  it('answers the health check', async () => {
    const res = await fetch(`${services.baseUrl}/admin/health`);
    expect(res.status).toBe(200);
  });
});

describe('issueCertificate', () => {
  it.each(['rsa', 'ec'] as const)(
    'mints a %s seal certificate that verifies to the root and points at this server',
    async (keyType) => {
      const issued = services.issue({
        subject: [
          ['C', 'VN'],
          ['O', 'UBND xã Phú Mỹ'],
          ['organizationIdentifier', '000.00.40.H41'],
          ['CN', 'UBND xã Phú Mỹ'],
        ],
        keyType,
        profile: 'seal',
      });
      const certPath = join(work, `issued-${keyType}.pem`);
      writeFileSync(certPath, issued.certPem);
      const verify = await openssl([
        'verify',
        '-CAfile',
        pki.root.certPath,
        '-untrusted',
        pki.intermediate.certPath,
        certPath,
      ]);
      expect(verify).toContain(': OK');
      const text = await openssl(['x509', '-in', certPath, '-noout', '-text', '-nameopt', 'utf8']);
      expect(text).toContain('organizationIdentifier=000.00.40.H41');
      expect(text).toContain(`OCSP - URI:${services.ocspUrl}`);
      expect(text).toContain(`URI:${services.crlUrl('intermediate')}`);
      expect(issued.privateKey.asymmetricKeyType).toBe(keyType);
    },
  );
});

describe('RFC 3161 time-stamping authority', () => {
  const dataPath = () => join(work, 'document.txt');

  beforeAll(() => writeFileSync(dataPath(), 'Quyết định số 15/QĐ-UBND ngày 14/7/2025'));

  it.each(['sha256', 'sha384', 'sha512'])(
    'issues a token that openssl verifies (%s, certReq)',
    async (alg) => {
      const queryPath = join(work, `q-${alg}.tsq`);
      const replyPath = join(work, `r-${alg}.tsr`);
      await openssl(['ts', '-query', '-data', dataPath(), `-${alg}`, '-cert', '-out', queryPath]);
      const res = await post(services.tsaUrl, 'application/timestamp-query', readFileSync(queryPath));
      expect(res.type).toBe('application/timestamp-reply');
      writeFileSync(replyPath, res.body);
      const verify = await openssl([
        'ts',
        '-verify',
        '-data',
        dataPath(),
        '-in',
        replyPath,
        '-CAfile',
        pki.root.certPath,
        '-untrusted',
        pki.chainPath,
      ]);
      expect(verify).toContain('Verification: OK');
      // -queryfile also checks the nonce and policy against the request.
      const byQuery = await openssl([
        'ts',
        '-verify',
        '-queryfile',
        queryPath,
        '-in',
        replyPath,
        '-CAfile',
        pki.root.certPath,
        '-untrusted',
        pki.chainPath,
      ]);
      expect(byQuery).toContain('Verification: OK');
      const text = await openssl(['ts', '-reply', '-in', replyPath, '-text']);
      expect(text).toContain('Status: Granted.');
      expect(text).toContain(`Policy OID: ${pki.manifest.policies.timestamping}`);
    },
  );

  it('leaves the certificate out without certReq', async () => {
    const queryPath = join(work, 'q-nocert.tsq');
    const replyPath = join(work, 'r-nocert.tsr');
    await openssl(['ts', '-query', '-data', dataPath(), '-sha256', '-out', queryPath]);
    writeFileSync(
      replyPath,
      (await post(services.tsaUrl, 'application/timestamp-query', readFileSync(queryPath))).body,
    );
    const untrusted = join(work, 'tsa-and-chain.pem');
    writeFileSync(untrusted, pki.tsa.certPem + pki.chainPem);
    expect(
      await openssl([
        'ts',
        '-verify',
        '-queryfile',
        queryPath,
        '-in',
        replyPath,
        '-CAfile',
        pki.root.certPath,
        '-untrusted',
        untrusted,
      ]),
    ).toContain('Verification: OK');
  });

  it('gives every token a different serial number', async () => {
    const queryPath = join(work, 'q-serial.tsq');
    await openssl(['ts', '-query', '-data', dataPath(), '-sha256', '-out', queryPath]);
    const serials = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const replyPath = join(work, `r-serial-${i}.tsr`);
      writeFileSync(
        replyPath,
        (await post(services.tsaUrl, 'application/timestamp-query', readFileSync(queryPath))).body,
      );
      serials.add(
        /Serial number: (\S+)/.exec(await openssl(['ts', '-reply', '-in', replyPath, '-text']))?.[1] ?? '',
      );
    }
    expect(serials.size).toBe(3);
  });

  it('rejects garbage with a badRequest status instead of failing', async () => {
    const res = await post(services.tsaUrl, 'application/timestamp-query', Buffer.from('garbage'));
    expect(res.status).toBe(200);
    const replyPath = join(work, 'r-garbage.tsr');
    writeFileSync(replyPath, res.body);
    const text = await openssl(['ts', '-reply', '-in', replyPath, '-text']);
    expect(text).toContain('Status: Rejected.');
    // OpenSSL's wording for PKIFailureInfo badRequest (bit 2).
    expect(text).toContain('Failure info: transaction not permitted or supported');
  });

  it('rejects an unsupported imprint algorithm (SHA-1) with badAlg', async () => {
    const queryPath = join(work, 'q-sha1.tsq');
    const replyPath = join(work, 'r-sha1.tsr');
    await openssl(['ts', '-query', '-data', dataPath(), '-sha1', '-out', queryPath]);
    writeFileSync(
      replyPath,
      (await post(services.tsaUrl, 'application/timestamp-query', readFileSync(queryPath))).body,
    );
    const text = await openssl(['ts', '-reply', '-in', replyPath, '-text']);
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain('unrecognized or unsupported algorithm');
  });
});

describe('injectable clock and state file', () => {
  it('stamps and answers with the injected time', async () => {
    const fixed = new Date('2031-08-09T10:11:12.345Z');
    const clocked = await startTrustServices({ port: 0, clock: () => fixed });
    try {
      const queryPath = join(work, 'q-clock.tsq');
      const replyPath = join(work, 'r-clock.tsr');
      await openssl(['ts', '-query', '-data', join(work, 'document.txt'), '-sha256', '-out', queryPath]);
      writeFileSync(
        replyPath,
        (await post(clocked.tsaUrl, 'application/timestamp-query', readFileSync(queryPath))).body,
      );
      expect(await openssl(['ts', '-reply', '-in', replyPath, '-text'])).toContain(
        'Time stamp: Aug  9 10:11:12 2031 GMT',
      );
      const out = await ocspCheck(pki.leaderRsa.certPath, pki.intermediate.certPath, clocked.ocspUrl);
      expect(out).toContain('This Update: Aug  9 10:11:12 2031 GMT');
      expect(out).toContain('Next Update: Aug 10 10:11:12 2031 GMT');
    } finally {
      await clocked.close();
    }
  });

  it('keeps run-time revocations across restarts when given a state file', async () => {
    const stateFile = join(work, 'state', 'revocations.json');
    const first = await startTrustServices({ port: 0, stateFile });
    const issued = first.issue({ subject: 'Bùi Văn Khoa' });
    first.revoke(issued.serialHex, new Date('2025-01-02T03:04:05Z'));
    await first.close();
    const second = await startTrustServices({ port: 0, stateFile });
    try {
      const certPath = join(work, 'issued-state.pem');
      writeFileSync(certPath, issued.certPem);
      const out = await ocspCheck(certPath, pki.intermediate.certPath, second.ocspUrl);
      expect(out).toMatch(/issued-state\.pem: revoked/);
      expect(out).toContain('Revocation Time: Jan  2 03:04:05 2025 GMT');
    } finally {
      await second.close();
    }
  });
});

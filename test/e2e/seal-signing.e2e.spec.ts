import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPki } from '@kyso/test-pki';
import { makePdf } from '../support/pdf-fixtures';
import { pdfsig } from '../support/verifiers';
import { ApiClient, expectStatus } from '../support/api/api-client';
import { type ApiHarness, ROOT, startApi } from '../support/api/api-harness';
import { createCommune } from '../support/api/commune';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';

describe('POST /api/v1/sign: the organisation seal, server-side', () => {
  let api: ApiHarness;
  let client: ApiClient;
  let clerk: string;
  let leader: string;
  let otherClerk: string;
  const secrets = mkdtempSync(join(tmpdir(), 'kyso-seal-'));

  beforeAll(async () => {
    const pki = testPki();
    writeFileSync(join(secrets, 'p12-password'), `${pki.p12Password}\n`, { mode: 0o600 });
    api = await startApi('seal_sign', {
      env: {
        KYSO_SEAL_SIGNER: 'p12',
        KYSO_P12_FILE: pki.sealA.p12Path,
        KYSO_P12_PASSWORD_FILE: join(secrets, 'p12-password'),
        KYSO_TSA_URL: `${TRUST}/tsa`,
      },
    });
    client = new ApiClient(api.baseUrl);
    const root = await client.login(ROOT.username, ROOT.password);
    // Commune A, whose identification code the seal certificate carries.
    const org = expectStatus(
      await client.call('POST', '/api/v1/organisations', {
        token: root,
        json: { name: 'Ủy ban nhân dân xã Tân Lập', shortName: 'UBND', code: pki.sealA.organisationCode },
      }),
      201,
    ).body;
    for (const [username, role] of [
      ['vanthu.a', 'clerk'],
      ['chutich.a', 'leader'],
    ]) {
      expectStatus(
        await client.call('POST', '/api/v1/users', {
          token: root,
          json: {
            organisationId: org.id,
            username,
            fullName: 'Người dùng xã A',
            password: 'password-123',
            roles: [role],
          },
        }),
        201,
      );
    }
    clerk = await client.login('vanthu.a', 'password-123');
    leader = await client.login('chutich.a', 'password-123');
    otherClerk = (await createCommune(client)).users.clerk.token;
  });
  afterAll(() => api?.close());

  const upload = async (token: string | undefined, fields: Record<string, string> = {}) =>
    client.call('POST', '/api/v1/sign', {
      token,
      form: { level: 'B-T', ...fields, file: { bytes: await makePdf(), fileName: 'phu-luc.pdf' } },
    });

  it('signs an attachment with the seal (text stamp, B-T) and the result verifies in pdfsig', async () => {
    const r = await upload(clerk, { appearance: 'attachment', docNumber: '05/QĐ-UBND' });
    expect(r.status, r.bytes.toString().slice(0, 300)).toBe(201);
    expect(r.headers.get('content-type')).toContain('application/pdf');
    const file = join(secrets, 'sealed.pdf');
    writeFileSync(file, r.bytes);
    const sig = pdfsig(file);
    expect(sig.entries[0]?.status, sig.text).toBe('Signature is Valid.');
    expect(sig.entries[0]?.certificate, sig.text).toBe('Certificate is Trusted.');
  });

  it('refuses a clerk of another organisation, a leader, an anonymous caller and a missing file', async () => {
    const other = await upload(otherClerk);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('SEAL_NOT_YOURS');
    expect((await upload(leader)).status).toBe(403);
    expect((await upload(undefined)).status).toBe(401);
    const noFile = await client.call('POST', '/api/v1/sign', { token: clerk, form: { level: 'B-T' } });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.messageVi).toContain('PDF');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { makePdf } from '../support/pdf-fixtures';
import { ApiClient, expectStatus } from '../support/api/api-client';
import { type ApiHarness, startApi } from '../support/api/api-harness';
import { type Commune, createCommune } from '../support/api/commune';
import { testSigningServices } from '../support/signing-services';

describe('incoming documents are verified before registration (Decree 30)', () => {
  let api: ApiHarness;
  let client: ApiClient;
  let commune: Commune;
  let signed: Buffer;
  beforeAll(async () => {
    api = await startApi('incoming_verify', { env: { KYSO_TRUST: testPki().root.certPath } });
    client = new ApiClient(api.baseUrl);
    commune = await createCommune(client);
    const pki = testPki();
    const signer = await SoftwareSigner.fromPkcs12(pki.sealA.p12Path, pki.p12Password);
    const services = testSigningServices();
    signed = await (await signPdf(await makePdf(), signer, services, { level: 'B-T' })).toBuffer();
  });
  afterAll(() => api?.close());

  async function register(n: number, bytes: Buffer) {
    const created = expectStatus(
      await client.call('POST', '/api/v1/documents/incoming', {
        token: commune.users.clerk.token,
        form: {
          typeCode: 'cong-van',
          numberSymbol: `${n}/UBND-VP`,
          documentDate: '2025-07-10',
          subject: 'Về việc kiểm tra chữ ký số',
          senderName: 'UBND xã Tân Lập',
          senderCode: '000.00.31.H41',
          file: { bytes, fileName: `cv-${n}.pdf` },
        },
      }),
      201,
    ).body;
    return expectStatus(
      await client.call('GET', `/api/v1/documents/${created.id}`, { token: commune.users.clerk.token }),
      200,
    ).body.files[0];
  }

  it('stores "valid" and the Vietnamese report for a correctly signed PDF', async () => {
    const file = await register(101, signed);
    expect(file.signatureStatus).toBe('valid');
    expect(JSON.stringify(file.signatureReport)).toContain('TOTAL_PASSED');
  });

  it('stores "invalid" for a PDF changed inside the signed bytes', async () => {
    // One byte of the binary comment on line 2: inside the signed range, harmless to any parser.
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('\n%') + 2;
    expect(tampered[at]).toBeGreaterThan(0x7f);
    tampered[at] ^= 0x01;
    const file = await register(102, tampered);
    expect(file.signatureStatus).toBe('invalid');
    expect(JSON.stringify(file.signatureReport)).toContain('HASH_FAILURE');
  });

  it('stores "unsigned" for a PDF without signatures', async () => {
    expect((await register(103, await makePdf())).signatureStatus).toBe('unsigned');
  });
});

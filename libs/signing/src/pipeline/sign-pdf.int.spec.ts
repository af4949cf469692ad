import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { byteRangeContent, listSignatures } from '@kyso/pdf';
import { testPki } from '@kyso/test-pki';
import { ensureSoftHsmTokens } from '../../../../certs-test/src/softhsm/softhsm-tokens';
import { makePdf, toXrefStream } from '../../../../test/support/pdf-fixtures';
import { mutoolVerify, opensslCmsVerify, pdfsig, qpdfCheck } from '../../../../test/support/verifiers';
import { Pkcs11Signer } from '../drivers/pkcs11-signer';
import { SoftwareSigner } from '../drivers/software-signer';
import type { Signer } from '../signer';
import type { PadesLevel } from './pades-level';
import { signPdf } from './sign-pdf';
import { trimDer } from './validation-data';
import type { TrustServices } from './trust-services';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
const dir = mkdtempSync(join(tmpdir(), 'kyso-sign-'));

function services(): TrustServices {
  return {
    tsa: new TsaClient({ url: `${TRUST}/tsa` }),
    ocsp: new OcspClient(),
    crl: new CrlClient(),
    now: () => new Date(),
  };
}

async function write(name: string, output: { toBuffer(): Promise<Buffer> }): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, await output.toBuffer());
  return file;
}

/** The judges: every independent verifier must accept every signature of the file. */
async function expectValidEverywhere(file: string, expectedSignatures: number) {
  const sig = pdfsig(file);
  expect(sig.entries, sig.text).toHaveLength(expectedSignatures);
  for (const e of sig.entries.filter(
    (x) => x.subFilter !== 'unknown' && !/RFC3161/.test(x.subFilter ?? ''),
  )) {
    expect(e.status, sig.text).toBe('Signature is Valid.');
    expect(e.certificate, sig.text).toBe('Certificate is Trusted.');
  }
  expect(qpdfCheck(file).ok, qpdfCheck(file).text).toBe(true);
  const bytes = readFileSync(file);
  for (const s of (await listSignatures(bytes)).filter((x) => x.kind === 'signature')) {
    const content = await byteRangeContent(bytes, s.byteRange!);
    const r = opensslCmsVerify(trimDer(s.contents), content);
    expect(r.ok, r.text).toBe(true);
  }
  const mu = mutoolVerify(file);
  expect(mu.signatures.length, mu.text).toBeGreaterThan(0);
  expect(
    mu.signatures.every((s) => s.valid),
    mu.text,
  ).toBe(true);
}

describe('PAdES signing, judged by pdfsig, mutool, openssl and qpdf', () => {
  let pdf: Buffer;
  let rsa: Signer;
  let ec: Signer;
  beforeAll(async () => {
    pdf = await makePdf({ pages: 2 });
    const pki = testPki();
    rsa = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
    ec = await SoftwareSigner.fromPkcs12(pki.leaderEc.p12Path, pki.p12Password);
  });

  it.each<[string, PadesLevel]>([
    ['rsa', 'B-B'],
    ['rsa', 'B-T'],
    ['rsa', 'B-LT'],
    ['rsa', 'B-LTA'],
    ['ec', 'B-B'],
    ['ec', 'B-LTA'],
  ])('signs with a %s key at %s', async (kind, level) => {
    const signer = kind === 'rsa' ? rsa : ec;
    const out = await signPdf(pdf, signer, services(), { level, reason: 'Phê duyệt' });
    const file = await write(`${kind}-${level}.pdf`, out);
    expect(readFileSync(file).subarray(0, pdf.length).equals(pdf)).toBe(true);
    await expectValidEverywhere(file, level === 'B-LTA' ? 2 : 1);
    const sigs = await listSignatures(readFileSync(file));
    expect(sigs.map((s) => s.kind)).toEqual(
      level === 'B-LTA' ? ['signature', 'document-timestamp'] : ['signature'],
    );
    expect(sigs[0].subFilter).toBe('ETSI.CAdES.detached');
  });

  it('signs through SoftHSM tokens (RSA leader, ECDSA leader, organisation seal)', async () => {
    const hsm = ensureSoftHsmTokens();
    process.env.SOFTHSM2_CONF = hsm.conf;
    const pki = testPki();
    for (const [keyLabel, token, entity] of [
      ['leader-rsa', 'leader', 'leaderRsa'],
      ['leader-ec', 'leader', 'leaderEc'],
      ['seal-c', 'org-hsm', 'sealC'],
    ] as const) {
      const signer = await Pkcs11Signer.open({
        module: hsm.module,
        token: { label: token },
        key: { label: keyLabel },
        pin: '1234',
        chain: pki.chainOf(entity),
      });
      try {
        const out = await signPdf(pdf, signer, services(), { level: 'B-T' });
        await expectValidEverywhere(await write(`hsm-${keyLabel}.pdf`, out), 1);
      } finally {
        await signer.close();
      }
    }
  });

  it('adds a second signature that leaves the first valid, also on an xref-stream PDF', async () => {
    for (const [name, base] of [
      ['classic', pdf],
      ['xref-stream', toXrefStream(pdf)],
    ] as const) {
      const first = await (await signPdf(base, rsa, services(), { level: 'B-T' })).toBuffer();
      const second = await signPdf(first, ec, services(), { level: 'B-T' });
      await expectValidEverywhere(await write(`two-${name}.pdf`, second), 2);
    }
  });

  it('refuses revoked, expired and not-yet-valid signer certificates before signing', async () => {
    const pki = testPki();
    for (const [entity, code] of [
      ['revoked', 'CERTIFICATE_REVOKED'],
      ['expired', 'CERTIFICATE_EXPIRED'],
      ['notYetValid', 'CERTIFICATE_NOT_YET_VALID'],
    ] as const) {
      const signer = await SoftwareSigner.fromPkcs12(pki[entity].p12Path, pki.p12Password);
      await expect(signPdf(pdf, signer, services(), { level: 'B-B' })).rejects.toMatchObject({ code });
    }
  });

  it('fails clearly when the TSA is down', async () => {
    const down: TrustServices = {
      ...services(),
      tsa: new TsaClient({ url: 'http://127.0.0.1:1/tsa', timeoutMs: 2000 }),
    };
    await expect(signPdf(pdf, rsa, down, { level: 'B-T' })).rejects.toMatchObject({
      code: expect.stringMatching(/TSA/),
    });
  });
});

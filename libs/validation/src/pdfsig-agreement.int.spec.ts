import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { pdfsig } from '../../../test/support/verifiers';
import { kysoSign } from '../../../test/support/kyso-signing';
import {
  appendDssWith,
  appendOverlayAnnotation,
  appendPageContentChange,
  plainPdf,
  signWithPdfsig,
  signWithPodofo,
  tamperSignedByte,
} from '../testing/signed-fixtures';
import { type PdfValidationResult, TrustStore, validatePdf } from './index';

const dir = mkdtempSync(join(tmpdir(), 'kyso-agreement-'));

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** kyso's and pdfsig's verdicts on the cryptography of each signature (pdfsig does not check document time-stamps). */
function cryptoVerdicts(result: PdfValidationResult, file: string) {
  const ours = result.signatures
    .filter((s) => s.kind === 'signature')
    .map((s) => s.checks.messageDigest.status === 'passed' && s.checks.signatureValue.status === 'passed');
  const theirs = pdfsig(file)
    .entries.filter((e) => e.subFilter !== 'unknown' && !/RFC3161/.test(e.subFilter ?? ''))
    .map((e) => e.signatureValid);
  return { ours, theirs };
}

/**
 * Agreement with poppler's pdfsig (NSS) on PDFs signed by pdfsig itself, by podofosign and by kyso:
 * valid signatures pass in both, a changed signed byte fails in both, an untrusted root is not trusted
 * by either. Where kyso is stricter than pdfsig (changes appended after signing), kyso must not pass.
 */
describe('agreement with pdfsig (online revocation against the test services)', () => {
  let trust: TrustStore;
  let unsigned: Buffer;
  const docs: Record<string, Buffer> = {};

  beforeAll(async () => {
    const pki = testPki();
    trust = TrustStore.fromCertificates([pki.root.certPem]);
    unsigned = await plainPdf({ pages: 2 });
    const leader = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
    docs['pdfsig'] = await signWithPdfsig(unsigned, pki.leaderRsa);
    docs['podofo'] = await signWithPodofo(unsigned, pki.sealA);
    docs['pdfsig+podofo'] = await signWithPodofo(docs['pdfsig'], pki.sealB, { visible: true });
    for (const level of ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const)
      docs[`kyso-${level}`] = await kysoSign(unsigned, leader, level);
    docs['kyso-B-B+pdfsig'] = await signWithPdfsig(docs['kyso-B-B'], pki.sealC);
  });

  it('valid signatures pass in both', async () => {
    for (const [name, bytes] of Object.entries(docs)) {
      const file = write(`${name}.pdf`, bytes);
      const result = await validatePdf(bytes, { trustAnchors: trust });
      const { ours, theirs } = cryptoVerdicts(result, file);
      expect({ name, ours }).toEqual({ name, ours: theirs });
      expect(ours.every(Boolean), name).toBe(true);
      expect(
        result.verdict,
        `${name}: ${JSON.stringify(result.signatures.map((s) => [s.indication, s.subIndication]))}`,
      ).toBe('TOTAL_PASSED');
      // Trust: pdfsig (NSS) trusts the chain when it is in the file; kyso also fetches AIA (podofosign embeds only the signer).
      const nss = pdfsig(file).entries.filter((e) => e.signatureValid);
      for (const [i, e] of nss.entries()) {
        if (e.certificate === 'Certificate is Trusted.')
          expect(
            result.signatures.filter((s) => s.kind === 'signature')[i].checks.certificateChain.status,
          ).toBe('passed');
      }
    }
  });

  it('a changed signed byte fails in both (kyso: HASH_FAILURE)', async () => {
    for (const [name, bytes] of Object.entries(docs)) {
      const tampered = tamperSignedByte(bytes);
      const file = write(`${name}-tampered.pdf`, tampered);
      const result = await validatePdf(tampered, { trustAnchors: trust });
      const { ours, theirs } = cryptoVerdicts(result, file);
      expect({ name, ours }).toEqual({ name, ours: theirs });
      expect(result.signatures[0], name).toMatchObject({
        indication: 'TOTAL_FAILED',
        subIndication: 'HASH_FAILURE',
      });
    }
  });

  it('an untrusted root is trusted by neither (kyso: INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND)', async () => {
    const otherRoot = TrustStore.fromCertificates([testPki().tsa.certPem]);
    for (const name of ['pdfsig', 'kyso-B-LT']) {
      const result = await validatePdf(docs[name], { trustAnchors: otherRoot });
      expect(result.signatures[0], name).toMatchObject({
        indication: 'INDETERMINATE',
        subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      });
      const text = pdfsig(write(`${name}-untrusted.pdf`, docs[name]), { trustTestRoot: false }).text;
      expect(text).not.toContain('Certificate is Trusted.');
    }
  });

  it('changes appended after signing: pdfsig still says "valid", kyso never passes shadow attacks', async () => {
    for (const [kind, attack] of [
      ['page content', appendPageContentChange],
      ['overlay annotation', appendOverlayAnnotation],
    ] as const) {
      const attacked = await attack(docs['kyso-B-T']);
      const file = write(`kyso-${kind}.pdf`, attacked);
      expect(pdfsig(file).entries[0].signatureValid).toBe(true);
      const result = await validatePdf(attacked, { trustAnchors: trust });
      expect(result.verdict, kind).toBe('TOTAL_FAILED');
      expect(result.signatures[0].modifications.verdict).toBe('disallowed');
    }
  });

  it('a DSS, a document time-stamp or a further signature appended later are allowed', async () => {
    const pki = testPki();
    const withDss = await appendDssWith(docs['pdfsig'], [pki.intermediate.certDer]);
    for (const [name, bytes] of Object.entries({
      withDss,
      lta: docs['kyso-B-LTA'],
      twoSigners: docs['pdfsig+podofo'],
    })) {
      const result = await validatePdf(bytes, { trustAnchors: trust });
      expect(result.verdict, name).toBe('TOTAL_PASSED');
      expect(result.signatures[0].modifications.verdict, name).toBe('allowed');
      expect(result.signatures[0].coverage.coversWholeDocument, name).toBe(false);
    }
  });
});

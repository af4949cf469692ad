import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '@kyso/config';
import { testPki } from '@kyso/test-pki';
import type { JsonFileReport } from '@kyso/validation';
import {
  plainPdf,
  signWithPdfsig,
  tamperSignedByte,
} from '../../../../libs/validation/testing/signed-fixtures';
import { systemClock } from '../core/clock';
import { CLOCK, CONFIG, LOGGER } from '../core/tokens';
import { VALIDATOR, validatorProvider } from '../core/validator.provider';
import { AllExceptionsFilter } from '../http/all-exceptions.filter';
import type { ErrorBody } from '../http/error-body';
import { createValidationPipe } from '../http/validation.pipe';
import { VERIFY_RATE_LIMIT } from './verify-rate-limit.guard';
import { VerifyModule } from './verify.module';

async function startApp(
  env: Record<string, string>,
  rateLimit = { capacity: 100, refillPerSecond: 100, maxClients: 100 },
) {
  const config = loadConfig({ KYSO_OFFLINE: 'true', ...env }, tmpdir());
  const logger = pino({ level: 'silent' });

  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: CLOCK, useValue: systemClock },
      validatorProvider,
    ],
    exports: [CONFIG, LOGGER, CLOCK, VALIDATOR],
  })
  class TestCoreModule {}

  const moduleRef = await Test.createTestingModule({ imports: [TestCoreModule, VerifyModule] })
    .overrideProvider(VERIFY_RATE_LIMIT)
    .useValue(rateLimit)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  await app.listen(0, '127.0.0.1');
  return app;
}

function urlOf(app: INestApplication, query = ''): string {
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}/api/v1/verify${query}`;
}

function upload(bytes: Buffer, name = 'Quyết định 15.pdf'): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  return form;
}

describe('POST /api/v1/verify', () => {
  let trusted: INestApplication;
  let untrusted: INestApplication;
  let signed: Buffer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kyso-verify-api-'));
    signed = await signWithPdfsig(await plainPdf(), testPki().leaderRsa);
    trusted = await startApp({
      KYSO_TRUST: testPki().root.certPath,
      KYSO_DATA_DIR: dataDir,
      KYSO_MAX_UPLOAD_MB: '1',
    });
    untrusted = await startApp(
      { KYSO_DATA_DIR: dataDir },
      { capacity: 2, refillPerSecond: 0.001, maxClients: 10 },
    );
  });

  afterAll(async () => {
    await trusted?.close();
    await untrusted?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the JSON report of an upload, in Vietnamese by default', async () => {
    const res = await fetch(urlOf(trusted), { method: 'POST', body: upload(signed) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as JsonFileReport;
    expect(report.file).toBe('Quyết định 15.pdf');
    expect(report.trustAnchors).toBe(1);
    // Offline with nothing embedded: chain trusted, revocation unknown.
    expect(report.signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(report.signatures[0].signer?.name).toBe('Nguyễn Văn An');
    expect(report.verdictText).toBe('CHƯA XÁC ĐỊNH');
  });

  it('reports a tampered file as TOTAL_FAILED / HASH_FAILURE, in English with ?lang=en', async () => {
    const res = await fetch(urlOf(trusted, '?lang=en'), {
      method: 'POST',
      body: upload(tamperSignedByte(signed)),
    });
    const report = (await res.json()) as JsonFileReport;
    expect(report.verdict).toBe('TOTAL_FAILED');
    expect(report.signatures[0].subIndication).toBe('HASH_FAILURE');
    expect(report.verdictText).toBe('INVALID');
  });

  it('returns a PDF report with ?format=pdf', async () => {
    const res = await fetch(urlOf(trusted, '?format=pdf'), { method: 'POST', body: upload(signed) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('bao-cao-kiem-tra');
    const doc = await PDFDocument.load(Buffer.from(await res.arrayBuffer()));
    expect(doc.getPageCount()).toBe(1);
  });

  it('says chains are not trusted when KYSO_TRUST is not configured', async () => {
    const res = await fetch(urlOf(untrusted), { method: 'POST', body: upload(signed) });
    const report = (await res.json()) as JsonFileReport;
    expect(report.trustAnchors).toBe(0);
    expect(report.signatures[0]).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    });
    expect(report.findings.map((f: { code: string }) => f.code)).toContain('NO_TRUST_ANCHORS');
  });

  it('turns a broken upload into a report, not an error', async () => {
    const res = await fetch(urlOf(trusted), {
      method: 'POST',
      body: upload(Buffer.from('%PDF-1.7\n garbage')),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JsonFileReport).verdict).toBe('ERROR');
  });

  it('rejects a missing file, a bad query and an oversized upload with the error body', async () => {
    const missing = await fetch(urlOf(trusted), { method: 'POST', body: new FormData() });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.code).toBe('VERIFY_FILE_MISSING');
    const bad = await fetch(urlOf(trusted, '?format=docx'), { method: 'POST', body: upload(signed) });
    expect(bad.status).toBe(400);
    const big = await fetch(urlOf(trusted), {
      method: 'POST',
      body: upload(Buffer.alloc(1024 * 1024 + 10, 0x20)),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).error.messageVi).toMatch(/quá lớn/);
  });

  it('limits requests per client address (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(urlOf(untrusted), { method: 'POST', body: upload(signed) });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(((await res.json()) as ErrorBody).error.code).toBe('VERIFY_RATE_LIMITED');
      } else await res.arrayBuffer();
    }
    // Three requests against a bucket of two that barely refills: the third at the latest is refused.
    expect(statuses).toContain(429);
  });
});

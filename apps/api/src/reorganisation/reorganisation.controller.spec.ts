/**
 * The reorganisation endpoints over real HTTP, in process: a Nest application with the core, domain and auth
 * modules plus ReorganisationModule on SQLite, driven by a system administrator's bearer token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { documentsEntities } from '@kyso/documents';
import { lineageEntities, orgEntities } from '@kyso/org';
import { LocalBlobStore } from '@kyso/storage';
import { AuthModule } from '../auth/auth.module';
import { CoreModule } from '../core/core.module';
import { DomainModule } from '../domain/domain.module';
import { AllExceptionsFilter } from '../http/all-exceptions.filter';
import { createValidationPipe } from '../http/validation.pipe';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ScheduleModule } from '../schedule/schedule.module';
import { ReorganisationModule } from './reorganisation.module';

let dir: string;
let ds: DataSource;
let app: NestExpressApplication;
let base: string;
let token: string;

async function call(method: string, path: string, json?: unknown, bearer = token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-reorg-api-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DATA_DIR: dir,
    KYSO_BOOTSTRAP_ADMIN: 'root:root-password',
    KYSO_LOG_LEVEL: 'silent',
    // The embedded scheduler runs once at start-up; the test asks for the schedule, it does not wait for ticks.
    KYSO_SCHEDULER_TICK_MS: '600000',
  });
  ds = await openDatabase(config.database, {
    entities: [...orgEntities, ...documentsEntities, ...lineageEntities],
  });
  const logger = pino({ level: 'silent' });
  @Module({
    imports: [
      CoreModule.forRoot({
        config,
        dataSource: ds,
        blobStore: new LocalBlobStore(join(dir, 'blobs')),
        logger,
      }),
      DomainModule,
      IdempotencyModule,
      AuthModule,
      OrganisationsModule,
      ReorganisationModule,
      ScheduleModule,
    ],
  })
  class TestAppModule {}
  app = await NestFactory.create<NestExpressApplication>(TestAppModule, { logger: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  base = base.replace('[::1]', '127.0.0.1');
  const login = await call('POST', '/api/v1/auth/login', { username: 'root', password: 'root-password' }, '');
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  token = login.body.accessToken;
  for (const [name, code] of [
    ['UBND xã Tân Lập', '000.00.31.H41'],
    ['UBND xã Hòa Bình', '000.00.32.H41'],
    ['UBND xã Tân Hòa', '000.00.35.H41'],
  ]) {
    const created = await call('POST', '/api/v1/organisations', {
      name,
      shortName: 'UBND',
      code,
      validFrom: '2024-01-01',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});

afterAll(async () => {
  await app?.close();
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('reorganisation API', () => {
  it('records a merger, answers lineage questions, and applies the confirmed plan', async () => {
    expect(
      (
        await call('POST', '/api/v1/reorganisations/merge', {
          from: ['000.00.31.H41'],
          into: '000.00.35.H41',
          effectiveDate: '2025-07-1',
        })
      ).status,
    ).toBe(400);
    const merged = await call('POST', '/api/v1/reorganisations/merge', {
      from: ['000.00.31.H41', '000.00.32.H41'],
      into: '000.00.35.H41',
      effectiveDate: '2025-07-01',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    const id = merged.body.id as string;

    const successors = await call('GET', '/api/v1/lineage/000.00.31.H41/successors?at=2025-07-02');
    expect(successors.body.map((s: { organisation: { code: string } }) => s.organisation.code)).toEqual([
      '000.00.35.H41',
    ]);
    const addressee = await call('GET', '/api/v1/lineage/000.00.32.H41/addressee?at=2025-08-01');
    expect(addressee.body).toMatchObject({ redirected: true, addressed: { code: '000.00.32.H41' } });

    const again = await call('POST', '/api/v1/reorganisations/rename', {
      organisation: '000.00.31.H41',
      name: 'X',
      effectiveDate: '2025-09-01',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LINEAGE_ORGANISATION_DISSOLVED');

    const plan = await call('POST', `/api/v1/reorganisations/${id}/plan`, {});
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body.problems).toEqual([]);
    const stale = await call('POST', `/api/v1/reorganisations/${id}/apply`, {
      decisions: {},
      planHash: 'a'.repeat(64),
    });
    expect(stale.status).toBe(409);
    const applied = await call('POST', `/api/v1/reorganisations/${id}/apply`, {
      decisions: {},
      planHash: plan.body.planHash,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body.event.status).toBe('applied');
    expect((await call('GET', `/api/v1/reorganisations/${id}`)).body.status).toBe('applied');
  });

  it('says what is missing when no timestamp authority is configured for the augmentation', async () => {
    const [event] = (await call('GET', '/api/v1/reorganisations?status=applied')).body;
    const res = await call('POST', `/api/v1/reorganisations/${event.id}/augmentation`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ARCHIVE_TSA_REQUIRED');
    // The library says what is missing; the API names the setting.
    expect(res.body.error.message).toBe('A timestamp authority is required (KYSO_TSA_URL)');
    expect(res.body.error.messageVi).toBe('Cần cấu hình máy chủ cấp dấu thời gian (KYSO_TSA_URL)');
  });

  it('approves a merger ahead for 00:00 Vietnam time and shows the schedule to the system administrator', async () => {
    for (const [name, code] of [
      ['UBND xã Đông Sơn', '000.00.36.H41'],
      ['UBND xã Tây Sơn', '000.00.37.H41'],
    ]) {
      const created = await call('POST', '/api/v1/organisations', {
        name,
        shortName: 'UBND',
        code,
        validFrom: '2024-01-01',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const merged = await call('POST', '/api/v1/reorganisations/merge', {
      from: ['000.00.36.H41'],
      into: '000.00.37.H41',
      effectiveDate: '2030-01-01',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    const id = merged.body.id as string;
    const plan = await call('POST', `/api/v1/reorganisations/${id}/plan`, {});
    const bad = await call('POST', `/api/v1/reorganisations/${id}/approve`, { decisions: {}, planHash: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toContain('planHash');
    const early = await call('POST', `/api/v1/reorganisations/${id}/approve`, {
      decisions: {},
      planHash: plan.body.planHash,
      applyAt: '2029-12-31T23:59:00+07:00',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('LINEAGE_APPLY_AT_TOO_EARLY');
    const approved = await call('POST', `/api/v1/reorganisations/${id}/approve`, {
      decisions: {},
      planHash: plan.body.planHash,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body).toMatchObject({
      status: 'approved',
      approval: { planHash: plan.body.planHash, applyAt: '2029-12-31T17:00:00.000Z' },
    });
    expect(
      (await call('GET', '/api/v1/reorganisations?status=approved')).body.map((e: { id: string }) => e.id),
    ).toEqual([id]);

    const schedule = await call('GET', '/api/v1/admin/schedule');
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(200);
    expect(schedule.body.runner).toBe('this-process');
    expect(schedule.body.held).toEqual([]);
    expect(schedule.body.jobs.map((j: { name: string }) => j.name)).toEqual([
      'org.lineage-maintenance',
      'org.scheduled-reorganisations',
      'documents.deadline-sweep',
    ]);
    for (const job of schedule.body.jobs) expect(Date.parse(job.nextRunAt)).not.toBeNaN();
    expect((await call('GET', '/api/v1/admin/schedule', undefined, '')).status).toBe(401);
    // An organisation's own administrator is not the system administrator.
    const user = await call('POST', '/api/v1/users', {
      organisationId: merged.body.details.into,
      username: 'quantri.tayson',
      fullName: 'Quản trị Tây Sơn',
      password: 'password-tay-son-1',
      roles: ['admin'],
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const login = await call(
      'POST',
      '/api/v1/auth/login',
      { username: 'quantri.tayson', password: 'password-tay-son-1' },
      '',
    );
    const forbidden = await call('GET', '/api/v1/admin/schedule', undefined, login.body.accessToken);
    expect(forbidden.status).toBe(403);
  });

  it('refuses anonymous callers', async () => {
    expect((await call('GET', '/api/v1/reorganisations', undefined, '')).status).toBe(401);
  });
});

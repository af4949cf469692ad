import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/api/api-harness';
import { type ApiProcess, freePort, kill9, spawnApi } from '../support/api/api-process';

const REPO = resolve(__dirname, '../..');
const run = promisify(execFile);

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is walked as plain JSON */

/** Every schema (with its place) in the document, nested ones included. */
function* schemasOf(node: any, at: string): Generator<[string, any]> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) yield* schemasOf(n, `${at}/${i}`);
    return;
  }
  if (node.type || node.$ref || node.allOf || node.oneOf || node.anyOf) yield [at, node];
  for (const [k, v] of Object.entries(node)) if (k !== 'example') yield* schemasOf(v, `${at}/${k}`);
}

/**
 * The OpenAPI document as a generator sees it: valid OpenAPI 3, no property typed as a bare object (what
 * @nestjs/swagger emits for `string | null` without `type: String`), every operation with its error responses, and
 * openapi-typescript types that a small openapi-fetch client type-checks against and runs with.
 */
describe('OpenAPI document (/api/docs-json)', () => {
  let api: ApiProcess;
  let dataDir: string;
  let document: any;
  beforeAll(async () => {
    dataDir = join(tmpdir(), `kyso-openapi-${process.pid}-${Date.now()}`);
    await mkdir(dataDir, { recursive: true });
    api = await spawnApi(
      {
        DATABASE_URL: `sqlite:${join(dataDir, 'kyso.sqlite')}`,
        KYSO_DATA_DIR: dataDir,
        KYSO_BOOTSTRAP_ADMIN: `${ROOT.username}:${ROOT.password}`,
        KYSO_PUBLIC_URL: 'http://kyso.test',
      },
      await freePort(),
    );
    document = await (await fetch(`${api.baseUrl}/api/docs-json`)).json();
  });
  afterAll(async () => {
    if (api) await kill9(api);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes the OpenAPI 3 validator (swagger-parser)', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
  });

  it('types no property as a bare object: nullable strings are strings, maps say what they hold', () => {
    const bare = [...schemasOf(document.components.schemas, '#/components/schemas')]
      .filter(
        ([, s]) => s.type === 'object' && !s.properties && !s.allOf && s.additionalProperties === undefined,
      )
      .map(([at]) => at);
    expect(bare).toEqual([]);
  });

  it('lists the error responses of every operation with the ErrorBody schema', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries<any>(document.paths))
      for (const [method, op] of Object.entries<any>(operations)) {
        const errors = Object.entries<any>(op.responses).filter(([s]) => /^4\d\d$/.test(s));
        const needs = path.startsWith('/api/v1/') && !['/api/v1/agent/pairing'].includes(path);
        if (needs && errors.length === 0) missing.push(`${method.toUpperCase()} ${path}: no 4xx response`);
        for (const [status, r] of errors)
          if (r.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorBody')
            missing.push(`${method.toUpperCase()} ${path} ${status}: not the ErrorBody schema`);
        if (op.security?.length && !op.responses['401'])
          missing.push(`${method.toUpperCase()} ${path}: needs a token, but no 401`);
      }
    expect(missing).toEqual([]);
    const incoming = document.paths['/api/v1/documents/incoming'].post.responses;
    expect(incoming['409'].description).toContain('INCOMING_DUPLICATE');
    expect(incoming['201'].description ?? '').not.toContain('409');
    expect(document.paths['/api/v1/documents/{id}/sign'].post.description).toContain('FILE_REQUIRED');
  });

  it('gives openapi-typescript types that an openapi-fetch client type-checks against and runs with', async () => {
    const dir = join(REPO, 'test/support/api/generated', `run-${process.pid}-${Date.now()}`);
    await mkdir(dir, { recursive: true });
    try {
      const { generateApiTypes } = await import(join(REPO, 'scripts/generate-api-types.mjs'));
      await generateApiTypes({ from: `${api.baseUrl}/api/docs-json`, out: join(dir, 'schema.d.ts') });
      const types = await readFile(join(dir, 'schema.d.ts'), 'utf8');
      // A nullable string generated from a bare object would read Record<string, never>.
      expect(types).not.toMatch(/Record<string, never> \| null/);
      await copyFile(join(REPO, 'test/support/api/typed-client/client.ts'), join(dir, 'client.ts'));
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'preserve',
            moduleResolution: 'bundler',
            lib: ['ES2023', 'DOM'],
            types: [],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          files: ['client.ts', 'schema.d.ts'],
        }),
      );
      const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
      const checked = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).then(
        () => '',
        (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
      );
      expect(checked).toBe('');

      const { runTypedClient } = await import(join(dir, 'client.ts'));
      const result = await runTypedClient(api.baseUrl, ROOT);
      expect(result.organisation).toMatchObject({ code: null, validTo: null });
      expect(result.me).toMatchObject({ username: ROOT.username, unitId: null });
      expect(result.documentTypes).toBeGreaterThan(0);
      expect(result.health).toBe('ok');
      expect(result.wrongPassword.status).toBe(401);
      expect(result.wrongPassword.code).toMatch(/^[A-Z_]+$/);
      expect(result.wrongPassword.messageVi.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

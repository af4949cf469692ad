#!/usr/bin/env node
// npm run bench:api — drives the API with autocannon on loopback against a fresh PostgreSQL database and prints
// requests/s and latency percentiles for two write paths that take a register lock:
//   register-incoming  POST /api/v1/documents/incoming (multipart: a new 32 KiB PDF + metadata each time)
//   issue-number       POST /api/v1/documents/{id}/issue (a signed document gets its number)
// Options: --connections 20 --duration 10 --pg postgres://postgres@127.0.0.1:5432 --dist (run dist/ instead of sources)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { Client } = require('pg');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    pg: { type: 'string', default: process.env.KYSO_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432' },
    dist: { type: 'boolean', default: false },
    pool: { type: 'string', default: '20' },
  },
});
const connections = Number(args.connections);
const duration = Number(args.duration);

function freePort() {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

async function http(base, method, path, { token, json } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    body: json ? JSON.stringify(json) : undefined,
  });
  const body = await res.json().catch(() => undefined);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

function pdf(marker, size = 32 * 1024) {
  const head = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\n`, 'latin1');
  const tail = Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}

function multipart(boundary, fields, file) {
  const parts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
  );
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

function summary(name, r) {
  return {
    scenario: name,
    requestsPerSecond: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    maxMs: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    connections,
    durationSeconds: duration,
  };
}

async function main() {
  const dbName = `kyso_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: `${args.pg}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const databaseUrl = `${args.pg}/${dbName}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'kyso-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entry = args.dist
    ? [join(root, 'dist/apps/api/src/main.js')]
    : ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/api/src/main.ts')];
  if (args.dist && !existsSync(entry[0]))
    throw new Error('dist/ is missing: run npm run build first, or drop --dist');
  const api = spawn(process.execPath, entry, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      KYSO_DATA_DIR: dataDir,
      KYSO_DB_POOL: args.pool,
      PORT: String(port),
      KYSO_BOOTSTRAP_ADMIN: 'root:bench-root-password',
      KYSO_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const rootToken = (
      await http(base, 'POST', '/api/v1/auth/login', {
        json: { username: 'root', password: 'bench-root-password' },
      })
    ).accessToken;
    const org = await http(base, 'POST', '/api/v1/organisations', {
      token: rootToken,
      json: { name: 'Ủy ban nhân dân xã Bench', shortName: 'UBND', code: '000.00.99.H41' },
    });
    await http(base, 'POST', '/api/v1/users', {
      token: rootToken,
      json: {
        organisationId: org.id,
        username: 'clerk.bench',
        fullName: 'Văn thư',
        password: 'bench-password',
        roles: ['clerk'],
      },
    });
    const leader = await http(base, 'POST', '/api/v1/users', {
      token: rootToken,
      json: {
        organisationId: org.id,
        username: 'leader.bench',
        fullName: 'Lãnh đạo',
        password: 'bench-password',
        roles: ['leader'],
      },
    });
    const clerk = (
      await http(base, 'POST', '/api/v1/auth/login', {
        json: { username: 'clerk.bench', password: 'bench-password' },
      })
    ).accessToken;
    const auth = { authorization: `Bearer ${clerk}` };

    // Warm up both paths (JIT, pools, the year's registers).
    const boundary = `kyso${randomBytes(8).toString('hex')}`;
    let n = 0;
    const incomingRequest = () => {
      n++;
      return {
        method: 'POST',
        path: '/api/v1/documents/incoming',
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: multipart(
          boundary,
          {
            typeCode: 'cong-van',
            numberSymbol: `${n}/UBND-VP`,
            documentDate: '2025-07-10',
            subject: `Về việc triển khai nhiệm vụ số ${n}`,
            senderName: 'Ủy ban nhân dân huyện Tân Phú',
            senderCode: '000.00.10.H41',
          },
          { name: `cv-${n}.pdf`, bytes: pdf(`bench-${n}`) },
        ),
      };
    };
    const runIncoming = (seconds) =>
      autocannon({
        url: base,
        connections,
        duration: seconds,
        requests: [{ setupRequest: (req) => ({ ...req, ...incomingRequest() }) }],
      });
    await runIncoming(2);
    const incoming = summary('register-incoming', await runIncoming(duration));

    // Signed documents waiting for numbers, inserted directly (the bench measures issuing, not drafting).
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const now = new Date().toISOString();
    const needed = Math.max(20_000, 3000 * (duration + 3));
    const ids = (
      await db.query(
        `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, signer_name, signed_at, signed_by, created_at, updated_at)
         SELECT gen_random_uuid()::text, $1, 'outgoing', 'signed', 'quyet-dinh', 'Quyết định số thứ ' || g, 'normal', 'none', 'quyet dinh so thu ' || g, 'Lãnh đạo', $2, $3, $2, $2
         FROM generate_series(1, $4) g RETURNING id`,
        [org.id, now, leader.id, needed],
      )
    ).rows.map((r) => r.id);
    let next = 0;
    const runIssue = (seconds) =>
      autocannon({
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: 'POST',
              path: `/api/v1/documents/${ids[next++]}/issue`,
              headers: auth,
            }),
          },
        ],
      });
    await runIssue(2);
    const issue = summary('issue-number', await runIssue(duration));

    // The numbers must still be 1..N without gaps or duplicates.
    const check = (
      await db.query(
        `SELECT r.kind, COUNT(d.id)::int AS n, MAX(d.register_number) AS max, COUNT(DISTINCT d.register_number)::int AS distinct FROM registers r JOIN documents d ON d.register_id = r.id AND d.register_number IS NOT NULL GROUP BY r.kind`,
      )
    ).rows;
    await db.end();
    const results = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      results: [incoming, issue],
      numbering: check,
    };
    console.log(JSON.stringify(results, null, 2));
    console.log('\nscenario            req/s    p50 ms   p99 ms   non-2xx');
    for (const r of results.results)
      console.log(
        `${r.scenario.padEnd(18)} ${String(r.requestsPerSecond).padStart(6)}  ${String(r.p50ms).padStart(7)}  ${String(r.p99ms).padStart(7)}  ${String(r.non2xx).padStart(8)}`,
      );
    for (const c of check)
      if (c.n !== Number(c.max) || c.n !== c.distinct)
        throw new Error(`numbering check failed for ${c.kind}: ${JSON.stringify(c)}`);
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
    const cleanup = new Client({ connectionString: `${args.pg}/postgres` });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await cleanup.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

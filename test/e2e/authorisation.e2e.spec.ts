import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type CallOptions, expectStatus } from '../support/api/api-client';
import { ROOT, startApi, type ApiHarness } from '../support/api/api-harness';
import { createCommune, pdf, type Commune } from '../support/api/commune';

type RoleName = 'admin' | 'clerk' | 'leader' | 'officer';
const ROLES: RoleName[] = ['admin', 'clerk', 'leader', 'officer'];

interface Endpoint {
  name: string;
  method: string;
  path: () => string;
  /** Roles of the owning organisation allowed to call it (the positive control uses the first). */
  allowed: RoleName[];
  /** Whether the system administrator (no organisation) may call it. */
  root?: boolean;
  options?: () => CallOptions;
  /** Expected status of the positive control. */
  ok: number;
}

/**
 * Every endpoint refuses users of another organisation, users of the right organisation without the right role,
 * and anonymous callers — and the refused calls change nothing: afterwards, the right user can still do each step.
 */
describe('authorisation: organisations and roles', () => {
  let h: ApiHarness;
  let api: ApiClient;
  let a: Commune;
  let b: Commune;
  let rootToken: string;
  const ids: Record<string, string> = {};

  async function outgoing(
    c: Commune,
    until: 'draft' | 'in-review' | 'signed' | 'issued' | 'sealed',
    recipients: object[] = [{ name: 'Công an huyện' }],
    by: RoleName = 'clerk',
  ) {
    const doc = expectStatus(
      await api.call('POST', '/api/v1/documents/outgoing', {
        token: c.users[by].token,
        form: {
          typeCode: 'cong-van',
          subject: `Công văn ${until}`,
          recipients: JSON.stringify(recipients),
          file: { bytes: pdf(`${until}-${Math.random()}`), fileName: 'cv.pdf' },
        },
      }),
      201,
    ).body;
    const steps: Array<[string, RoleName]> = [
      ['submit', by],
      ['sign', 'leader'],
      ['issue', 'clerk'],
      ['seal', 'clerk'],
    ];
    const stop = { draft: 0, 'in-review': 1, signed: 2, issued: 3, sealed: 4 }[until];
    for (const [step, role] of steps.slice(0, stop))
      expectStatus(
        await api.call('POST', `/api/v1/documents/${doc.id}/${step}`, {
          token: c.users[role].token,
          json: {},
        }),
        200,
      );
    return doc.id as string;
  }

  async function incoming(c: Commune, n: number) {
    return expectStatus(
      await api.call('POST', '/api/v1/documents/incoming', {
        token: c.users.clerk.token,
        json: {
          typeCode: 'to-trinh',
          numberSymbol: `${n}/TTr-UBND`,
          subject: 'Tờ trình',
          senderName: 'UBND huyện',
        },
      }),
      201,
    ).body.id as string;
  }

  beforeAll(async () => {
    h = await startApi('authz');
    api = new ApiClient(h.baseUrl);
    a = await createCommune(api, 'UBND');
    b = await createCommune(api, 'UBND');
    rootToken = await api.login(ROOT.username, ROOT.password);
    ids.draft = await outgoing(a, 'draft');
    ids.draftCancel = await outgoing(a, 'draft');
    ids.review = await outgoing(a, 'in-review');
    ids.reviewReturn = await outgoing(a, 'in-review');
    ids.signed = await outgoing(a, 'signed');
    ids.issued = await outgoing(a, 'issued');
    ids.sealed = await outgoing(a, 'sealed');
    // A document B sends to A arrives in A's queue (01).
    const fromB = await outgoing(b, 'sealed', [{ organisationId: a.id }]);
    expectStatus(
      await api.call('POST', `/api/v1/documents/${fromB}/dispatch`, { token: b.users.clerk.token, json: {} }),
      200,
    );
    const inbox = (await api.call('GET', '/api/v1/documents?status=01', { token: a.users.clerk.token })).body;
    ids.arrived = inbox.items[0].id;
    ids.registered = await incoming(a, 1);
    ids.toRefuse = await incoming(a, 2);
    ids.toAssign = await incoming(a, 3);
    const assigned = await incoming(a, 4);
    const routed = expectStatus(
      await api.call('POST', `/api/v1/documents/${assigned}/assignments`, {
        token: a.users.leader.token,
        json: { lead: { unitId: a.unitId }, deadline: '2030-01-01' },
      }),
      201,
    ).body;
    ids.assignment = routed.assignments[0].id;
    const registers = (await api.call('GET', '/api/v1/registers', { token: a.users.clerk.token })).body;
    ids.register = registers[0].id;
  });
  afterAll(() => h?.close());

  const endpoints: Endpoint[] = [
    {
      name: 'get organisation',
      method: 'GET',
      path: () => `/api/v1/organisations/${a.id}`,
      allowed: ROLES,
      root: true,
      ok: 200,
    },
    {
      name: 'update organisation',
      method: 'PATCH',
      path: () => `/api/v1/organisations/${a.id}`,
      allowed: ['admin'],
      root: true,
      options: () => ({ json: { name: 'Ủy ban nhân dân xã A' } }),
      ok: 200,
    },
    {
      name: 'create unit',
      method: 'POST',
      path: () => '/api/v1/units',
      allowed: ['admin'],
      root: true,
      options: () => ({
        json: {
          organisationId: a.id,
          name: 'Địa chính',
          abbreviation: `ĐC${Math.floor(Math.random() * 1e6)}`,
        },
      }),
      ok: 201,
    },
    {
      name: 'update unit',
      method: 'PATCH',
      path: () => `/api/v1/units/${a.unitId}`,
      allowed: ['admin'],
      root: true,
      options: () => ({ json: { name: 'Văn hóa - Xã hội (sửa)' } }),
      ok: 200,
    },
    {
      name: 'create user',
      method: 'POST',
      path: () => '/api/v1/users',
      allowed: ['admin'],
      root: true,
      options: () => ({
        json: {
          organisationId: a.id,
          username: `new.${Math.random().toString(36).slice(2, 8)}`,
          fullName: 'Người mới',
          password: 'password-123',
          roles: ['officer'],
        },
      }),
      ok: 201,
    },
    {
      name: 'get user',
      method: 'GET',
      path: () => `/api/v1/users/${a.users.clerk.id}`,
      allowed: ROLES,
      root: true,
      ok: 200,
    },
    {
      name: 'update user',
      method: 'PATCH',
      path: () => `/api/v1/users/${a.users.officer.id}`,
      allowed: ['admin'],
      root: true,
      options: () => ({ json: { fullName: 'Trần Chuyên Viên (sửa)' } }),
      ok: 200,
    },
    {
      name: 'get register',
      method: 'GET',
      path: () => `/api/v1/registers/${ids.register}`,
      allowed: ['clerk', 'leader', 'admin'],
      ok: 200,
    },
    {
      name: 'export register',
      method: 'GET',
      path: () => `/api/v1/registers/${ids.register}/export?format=csv`,
      allowed: ['clerk', 'leader'],
      ok: 200,
    },
    {
      name: 'get document',
      method: 'GET',
      path: () => `/api/v1/documents/${ids.issued}`,
      allowed: ['clerk', 'leader'],
      ok: 200,
    },
    {
      name: 'download file',
      method: 'GET',
      path: () => `/api/v1/documents/${ids.issued}/files/latest`,
      allowed: ['clerk', 'leader'],
      ok: 200,
    },
    {
      name: 'add version',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.review}/versions`,
      allowed: ['leader', 'clerk'],
      options: () => ({
        form: { kind: 'signed', file: { bytes: pdf(`signed-${Math.random()}`), fileName: 'ky.pdf' } },
      }),
      ok: 201,
    },
    {
      name: 'submit',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.draft}/submit`,
      allowed: ['clerk', 'leader'],
      options: () => ({ json: {} }),
      ok: 200,
    },
    {
      name: 'return',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.reviewReturn}/return`,
      allowed: ['leader'],
      options: () => ({ json: { note: 'Sửa lại' } }),
      ok: 200,
    },
    {
      name: 'sign',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.review}/sign`,
      allowed: ['leader'],
      options: () => ({ json: {} }),
      ok: 200,
    },
    {
      name: 'issue',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.signed}/issue`,
      allowed: ['clerk'],
      ok: 200,
    },
    {
      name: 'seal',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.issued}/seal`,
      allowed: ['clerk'],
      ok: 200,
    },
    {
      name: 'dispatch',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.sealed}/dispatch`,
      allowed: ['clerk'],
      options: () => ({ json: {} }),
      ok: 200,
    },
    {
      name: 'cancel',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.draftCancel}/cancel`,
      allowed: ['leader', 'clerk'],
      options: () => ({ json: { reason: 'Không cần nữa' } }),
      ok: 200,
    },
    {
      name: 'register arrived',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.arrived}/register`,
      allowed: ['clerk'],
      options: () => ({ json: {} }),
      ok: 200,
    },
    {
      name: 'refuse',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.toRefuse}/refuse`,
      allowed: ['clerk', 'leader'],
      options: () => ({ json: { reason: 'Gửi nhầm nơi nhận' } }),
      ok: 200,
    },
    {
      name: 'present',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.registered}/present`,
      allowed: ['clerk'],
      options: () => ({ json: { leaderId: a.users.leader.id } }),
      ok: 200,
    },
    {
      name: 'assign',
      method: 'POST',
      path: () => `/api/v1/documents/${ids.toAssign}/assignments`,
      allowed: ['leader'],
      options: () => ({ json: { lead: { unitId: a.unitId }, deadline: '2030-01-01' } }),
      ok: 201,
    },
    {
      name: 'progress',
      method: 'POST',
      path: () => `/api/v1/assignments/${ids.assignment}/progress`,
      allowed: ['officer', 'leader'],
      options: () => ({ json: { note: 'Đang làm' } }),
      ok: 200,
    },
  ];

  it('refuses anonymous callers on every endpoint', async () => {
    for (const e of endpoints) {
      const res = await api.call(e.method, e.path(), e.options?.());
      expect([e.name, res.status]).toEqual([e.name, 401]);
    }
  });

  it('refuses every user of another organisation (and the system administrator where it has no business)', async () => {
    for (const e of endpoints) {
      const outsiders: Array<readonly [string, string]> = ROLES.map(
        (r) => [`B ${r}`, b.users[r].token] as const,
      );
      if (!e.root) outsiders.push(['root', rootToken]);
      for (const [who, token] of outsiders) {
        const res = await api.call(e.method, e.path(), { ...e.options?.(), token });
        expect([e.name, who, [403, 404].includes(res.status)]).toEqual([e.name, who, true]);
      }
    }
  });

  it('refuses users of the organisation without the required role', async () => {
    for (const e of endpoints) {
      for (const role of ROLES.filter((r) => !e.allowed.includes(r))) {
        const res = await api.call(e.method, e.path(), { ...e.options?.(), token: a.users[role].token });
        expect([e.name, role, [403, 404].includes(res.status)]).toEqual([e.name, role, true]);
      }
    }
  });

  it('lets the right user do every step afterwards (the refusals changed nothing)', async () => {
    for (const e of endpoints) {
      const res = await api.call(e.method, e.path(), {
        ...e.options?.(),
        token: a.users[e.allowed[0]].token,
      });
      expect([e.name, res.status]).toEqual([e.name, e.ok]);
    }
  });

  it('lists only the caller’s own organisation', async () => {
    const own = (path: string, token: string) =>
      api.call('GET', path, { token }).then((r) => expectStatus(r, 200).body);
    const docs = await own('/api/v1/documents?pageSize=200', b.users.clerk.token);
    expect(docs.items.every((d: { organisationId: string }) => d.organisationId === b.id)).toBe(true);
    expect(docs.items.some((d: { id: string }) => Object.values(ids).includes(d.id))).toBe(false);
    expect(
      (await own('/api/v1/registers', b.users.clerk.token)).every(
        (r: { organisationId: string }) => r.organisationId === b.id,
      ),
    ).toBe(true);
    expect(
      (await own('/api/v1/units', b.users.officer.token)).every(
        (u: { organisationId: string }) => u.organisationId === b.id,
      ),
    ).toBe(true);
    expect(
      (await own('/api/v1/users', b.users.officer.token)).every(
        (u: { organisationId: string }) => u.organisationId === b.id,
      ),
    ).toBe(true);
    expect(
      (await own('/api/v1/organisations', b.users.leader.token)).map((o: { id: string }) => o.id),
    ).toEqual([b.id]);
    expect(
      (await own('/api/v1/assignments', b.users.leader.token)).every(
        (x: { organisationId: string }) => x.organisationId === b.id,
      ),
    ).toBe(true);
    expect(
      (await api.call('GET', `/api/v1/units?organisationId=${a.id}`, { token: b.users.admin.token })).status,
    ).toBe(403);
    expect(
      (await api.call('GET', `/api/v1/users?organisationId=${a.id}`, { token: b.users.admin.token })).status,
    ).toBe(403);
    // An officer sees only what they drafted or what is assigned to them or their unit.
    const officerDocs = await own('/api/v1/documents?pageSize=200', a.users.officer.token);
    expect(officerDocs.items.map((d: { id: string }) => d.id)).not.toContain(ids.registered);
  });

  it('refuses tokens that are forged, expired or for nobody', async () => {
    const [header, payload] = a.users.clerk.token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expect((await api.call('GET', '/api/v1/documents', { token: forged })).status).toBe(401);
    const promoted = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        roles: ['clerk', 'leader', 'admin'],
      }),
    ).toString('base64url');
    expect(
      (
        await api.call('GET', '/api/v1/documents', {
          token: `${header}.${promoted}.${a.users.clerk.token.split('.')[2]}`,
        })
      ).status,
    ).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await api.call('GET', '/api/v1/documents', { token: none })).status).toBe(401);
    expect(
      (
        await api.call('POST', '/api/v1/auth/login', {
          json: { username: 'nobody', password: 'whatever-123' },
        })
      ).status,
    ).toBe(401);
    const wrong = await api.call('POST', '/api/v1/auth/login', {
      json: { username: ROOT.username, password: 'wrong-password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.messageVi).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
  });
});

import { ApiClient, expectStatus } from './api-client';
import { ROOT } from './api-harness';

export interface Commune {
  id: string;
  unitId: string;
  users: Record<'admin' | 'clerk' | 'leader' | 'officer', { id: string; token: string }>;
}

let counter = 0;

/** Creates, over HTTP, an organisation with one unit and one user per role, and signs them all in. */
export async function createCommune(api: ApiClient, shortName = 'UBND', name?: string): Promise<Commune> {
  counter++;
  const tag = `${process.pid}${counter}`;
  const root = await api.login(ROOT.username, ROOT.password);
  const org = expectStatus(
    await api.call('POST', '/api/v1/organisations', {
      token: root,
      json: {
        name: name ?? `Ủy ban nhân dân xã Thử ${tag}`,
        shortName,
        code: `000.${String(counter).padStart(2, '0')}.${tag.slice(-2).padStart(2, '0')}.H41`,
      },
    }),
    201,
  ).body;
  const pw = 'password-123';
  expectStatus(
    await api.call('POST', '/api/v1/users', {
      token: root,
      json: {
        organisationId: org.id,
        username: `admin.${tag}`,
        fullName: 'Quản trị xã',
        password: pw,
        roles: ['admin'],
      },
    }),
    201,
  );
  const admin = await api.login(`admin.${tag}`, pw);
  const unit = expectStatus(
    await api.call('POST', '/api/v1/units', {
      token: admin,
      json: { name: 'Văn hóa - Xã hội', abbreviation: 'VX' },
    }),
    201,
  ).body;
  const users = { admin: { id: '', token: admin } } as Commune['users'];
  for (const role of ['clerk', 'leader', 'officer'] as const) {
    const created = expectStatus(
      await api.call('POST', '/api/v1/users', {
        token: admin,
        json: {
          username: `${role}.${tag}`,
          fullName: { clerk: 'Lê Thị Văn Thư', leader: 'Nguyễn Văn Lãnh', officer: 'Trần Chuyên Viên' }[role],
          password: pw,
          roles: [role],
          unitId: role === 'officer' ? unit.id : null,
          title: role === 'leader' ? 'Chủ tịch' : null,
        },
      }),
      201,
    ).body;
    users[role] = { id: created.id, token: await api.login(`${role}.${tag}`, pw) };
  }
  users.admin.id = (await api.call('GET', '/api/v1/auth/me', { token: admin })).body.id;
  return { id: org.id, unitId: unit.id, users };
}

/** A small well-formed PDF; the marker makes each one distinct. */
export function pdf(marker: string): Buffer {
  return Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

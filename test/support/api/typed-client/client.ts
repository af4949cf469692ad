/**
 * A small client over the types openapi-typescript generates from /api/docs-json (scripts/generate-api-types.mjs),
 * the way the web application will call the API. test/e2e/openapi.e2e.spec.ts copies it beside freshly generated
 * types, type-checks it with tsc, then runs it against a real API process. The annotated locals are the point:
 * if the document typed a nullable string as an object, or dropped a field, tsc fails.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type ErrorBody = components['schemas']['ErrorBody'];

export interface TypedClientRun {
  organisation: { id: string; code: string | null; validTo: string | null };
  me: { username: string; unitId: string | null; title: string | null };
  documentTypes: number;
  health: string;
  wrongPassword: { status: number; code: string; messageVi: string };
}

export async function runTypedClient(
  baseUrl: string,
  root: { username: string; password: string },
): Promise<TypedClientRun> {
  const api = createClient<paths>({ baseUrl });
  const login = await api.POST('/api/v1/auth/login', { body: root });
  if (!login.data) throw new Error(`login failed: ${login.response.status}`);
  const accessToken: string = login.data.accessToken;
  const headers = { authorization: `Bearer ${accessToken}` };

  const created = await api.POST('/api/v1/organisations', {
    headers,
    body: { name: 'UBND xã Tân Lập', shortName: 'UBND', code: null, validTo: null },
  });
  if (!created.data) throw new Error(`creating an organisation failed: ${created.response.status}`);
  const read = await api.GET('/api/v1/organisations/{id}', {
    headers,
    params: { path: { id: created.data.id } },
  });
  if (!read.data) throw new Error(`reading the organisation failed: ${read.response.status}`);
  const code: string | null = read.data.code;
  const validTo: string | null = read.data.validTo;

  const me = await api.GET('/api/v1/auth/me', { headers });
  if (!me.data) throw new Error(`GET /auth/me failed: ${me.response.status}`);
  const unitId: string | null = me.data.unitId;
  const title: string | null = me.data.title;

  const types = await api.GET('/api/v1/document-types', { headers });
  const abbreviations: Array<string | null> = (types.data ?? []).map((t) => t.abbreviation);

  const health = await api.GET('/health');
  const status: string = health.data?.status ?? 'missing';

  const wrong = await api.POST('/api/v1/auth/login', {
    body: { username: root.username, password: `${root.password}-wrong` },
  });
  const error: ErrorBody | undefined = wrong.error;
  return {
    organisation: { id: read.data.id, code, validTo },
    me: { username: me.data.username, unitId, title },
    documentTypes: abbreviations.length,
    health: status,
    wrongPassword: {
      status: wrong.response.status,
      code: error?.error.code ?? 'missing',
      messageVi: error?.error.messageVi ?? 'missing',
    },
  };
}

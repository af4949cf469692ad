/* eslint-disable @typescript-eslint/no-explicit-any -- test client: answers are inspected loosely by the tests */
import { contractOf, recordCheck } from './contract';

/**
 * A small HTTP client for the kyso API in tests: JSON or multipart bodies, bearer token, parsed answers. Every
 * answer is checked against the OpenAPI document of the same API (./contract.ts): an undeclared status, field or
 * type fails the call.
 */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  bytes: Buffer;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  form?: Record<string, string | { bytes: Buffer; fileName: string; type?: string }>;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      const form = new FormData();
      for (const [k, v] of Object.entries(options.form)) {
        if (typeof v === 'string') form.append(k, v);
        else
          form.append(
            k,
            new Blob([new Uint8Array(v.bytes)], { type: v.type ?? 'application/pdf' }),
            v.fileName,
          );
      }
      body = form;
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    const parsed =
      type.includes('application/json') && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
    const check = (await contractOf(this.baseUrl)).check(
      method,
      `${this.baseUrl}${path}`,
      res.status,
      type,
      parsed,
      bytes.length,
    );
    if (check) recordCheck(check);
    return { status: res.status, body: parsed as T, headers: res.headers, bytes };
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.call('POST', '/api/v1/auth/login', { json: { username, password } });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }
}

/** Expects a status, showing the body when it differs. */
export function expectStatus(res: ApiResponse, status: number): ApiResponse {
  if (res.status !== status)
    throw new Error(
      `expected HTTP ${status}, got ${res.status}: ${res.bytes.toString('utf8').slice(0, 500)}`,
    );
  return res;
}

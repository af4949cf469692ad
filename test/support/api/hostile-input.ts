/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI schemas are walked as loose JSON */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/**
 * Hostile requests generated from the API's own OpenAPI document (`GET /api/docs-json`), for the sweep in
 * test/e2e/hostile-input.e2e.spec.ts. Every case changes one thing of an otherwise ordinary request: one
 * parameter, one body field, the body's encoding or its content type.
 *
 * `mustRefuse` says the request is invalid whatever the state of the database (a control character, bytes that
 * are not UTF-8, a lone surrogate, a string far over any column, a value of the wrong JSON type, a path id that is
 * not a UUID or names nothing, a body that is not JSON…): the API must answer it with a 4xx and store nothing.
 * The other cases (boundary numbers such as 0, -1, 2^31, 2^53; empty strings; repeated query parameters) may be
 * legitimate for some fields, so only "no 5xx, and a 4xx in the error shape" is asserted for them.
 */
export interface HostileCase {
  operation: string;
  label: string;
  method: string;
  /** Path and query, already percent-encoded (raw bytes such as %FF are sent as they are). */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  mustRefuse: boolean;
}

export interface Operation {
  method: string;
  path: string;
  id: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema: any }>;
  /** Request body media types and their resolved schema. */
  body?: { types: string[]; schema: any; required: boolean };
}

/** Values the sweep needs from the database it runs on: real ids to put in paths and bodies. */
export interface KnownIds {
  organisation: string;
  unit: string;
  user: string;
  document: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content as Record<string, any> | undefined;
      const types = content ? Object.keys(content) : [];
      ops.push({
        method: method.toUpperCase(),
        path,
        id: `${method.toUpperCase()} ${path}`,
        parameters: (op.parameters ?? []).map((p: any) => ({ ...p, schema: resolve(doc, p.schema ?? {}) })),
        body: content
          ? {
              types,
              schema: resolve(doc, content[types[0]].schema ?? {}),
              required: Boolean(op.requestBody.required),
            }
          : undefined,
      });
    }
  }
  return ops;
}

/** Follows `$ref` and merges `allOf` into one object schema (nested properties resolved too). */
export function resolve(doc: any, schema: any, depth = 0): any {
  if (!schema || depth > 8) return schema ?? {};
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return resolve(doc, doc.components.schemas[name], depth + 1);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((s: any) => resolve(doc, s, depth + 1));
    const merged: any = { type: 'object', properties: {}, required: [] };
    for (const p of [...parts, { ...schema, allOf: undefined }]) {
      Object.assign(merged.properties, p.properties ?? {});
      merged.required.push(...(p.required ?? []));
      if (p.description) merged.description = p.description;
    }
    return merged;
  }
  const out = { ...schema };
  if (out.properties)
    out.properties = Object.fromEntries(
      Object.entries<any>(out.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]),
    );
  if (out.items) out.items = resolve(doc, out.items, depth + 1);
  return out;
}

function kindOf(schema: any): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'binary' {
  if (schema.format === 'binary') return 'binary';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'array' || schema.items) return 'array';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'object' && schema.properties) return 'object';
  return 'string';
}

/** An ordinary value for a schema: its example, default or first enum value, else a plain one of its type. */
function ordinary(schema: any, name: string, ids: KnownIds): unknown {
  if (schema.example !== undefined && kindOf(schema) !== 'array') return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (/organisationId$/.test(name)) return ids.organisation;
  if (/unitId$/.test(name)) return ids.unit;
  if (/userId$/.test(name)) return ids.user;
  switch (kindOf(schema)) {
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return schema.example ?? [ordinary(schema.items ?? {}, name, ids)];
    case 'object':
      return ordinaryObject(schema, ids);
    default:
      return 'Văn bản thử';
  }
}

function ordinaryObject(schema: any, ids: KnownIds): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(schema.properties ?? {}))
    if (kindOf(v) !== 'binary') out[k] = ordinary(v, k, ids);
  return out;
}

/** Sentinels replaced in the JSON text by what JSON.stringify cannot write: a number overflowing a double, raw bytes. */
const RAW = {
  infinity: '\u0001RAW-1e400\u0001',
  negInfinity: '\u0001RAW--1e400\u0001',
  badBytes: '\u0001RAW-FFFE\u0001',
};

function jsonText(value: unknown): Buffer {
  const text = JSON.stringify(value)
    .split(JSON.stringify(RAW.infinity))
    .join('1e400')
    .split(JSON.stringify(RAW.negInfinity))
    .join('-1e400');
  const [head, ...rest] = text.split(JSON.stringify(RAW.badBytes));
  const parts: Buffer[] = [Buffer.from(head)];
  for (const r of rest) parts.push(Buffer.from([0x22, 0x61, 0xff, 0xfe, 0x62, 0x22]), Buffer.from(r));
  return Buffer.concat(parts);
}

interface Hostile {
  label: string;
  value: unknown;
  mustRefuse: boolean;
}

/** Strings no text field accepts: control characters (never a line break), non-UTF-8 stand-ins, lone surrogates. */
const badText = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      '\u0000',
      '\u0001',
      '\u0008',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u009f',
      '\ud800',
      '\udfff',
      '\ufffd',
    ),
    fc.string({ maxLength: 12 }),
  )
  .map(([a, c, b]) => `${a}${c}${b}`);

const OVERLONG = 'ạ'.repeat(20_000);

function hostileValues(schema: any, runs: number, seed: number): Hostile[] {
  const kind = kindOf(schema);
  const random = fc.sample(badText, { seed, numRuns: runs });
  const wrongType = (values: unknown[]): Hostile[] =>
    values.map((value) => ({ label: `wrong type ${JSON.stringify(value)}`, value, mustRefuse: true }));
  switch (kind) {
    case 'string':
      return [
        ...random.map((value) => ({ label: `text ${JSON.stringify(value)}`, value, mustRefuse: true })),
        { label: 'NUL', value: 'a\u0000b', mustRefuse: true },
        { label: 'invalid UTF-8 bytes', value: RAW.badBytes, mustRefuse: true },
        { label: 'overlong (20000)', value: OVERLONG, mustRefuse: true },
        ...wrongType([0, -1, true, {}, [], [1], 1e21]),
        { label: 'empty', value: '', mustRefuse: false },
        { label: 'spaces', value: '   ', mustRefuse: false },
        { label: 'null', value: null, mustRefuse: false },
        ...(schema.enum ? [{ label: 'not in enum', value: 'không-có', mustRefuse: true }] : []),
      ];
    case 'number':
      return [
        ...wrongType(['abc', 'NaN', '1e400', {}, [], true, 'a\u0000']),
        { label: '1e400', value: RAW.infinity, mustRefuse: true },
        { label: '-1e400', value: RAW.negInfinity, mustRefuse: true },
        ...[0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 1e308, '1', null].map((value) => ({
          label: `boundary ${JSON.stringify(value)}`,
          value,
          mustRefuse: false,
        })),
      ];
    case 'boolean':
      return [
        ...wrongType(['yes', 2, {}, [], 'a\u0000']),
        { label: 'string "true"', value: 'true', mustRefuse: false },
        { label: 'null', value: null, mustRefuse: false },
      ];
    case 'array':
      return [
        ...wrongType(['x', 5, { a: 1 }]),
        { label: 'array of NUL (5000)', value: Array(5_000).fill('\u0000'), mustRefuse: true },
        { label: 'array of objects with NUL', value: [{ a: '\u0000' }], mustRefuse: true },
        { label: 'item of the wrong type', value: [RAW.infinity], mustRefuse: true },
        { label: 'huge array (5000)', value: Array(5_000).fill(ordinaryItem(schema)), mustRefuse: false },
        { label: 'empty array', value: [], mustRefuse: false },
      ];
    case 'object':
      return [
        ...wrongType(['x', 5, [1, 2]]),
        { label: 'object with a NUL key', value: { 'a\u0000': 1 }, mustRefuse: true },
      ];
    default:
      return [];
  }
}

function ordinaryItem(schema: any): unknown {
  const items = schema.items ?? {};
  return kindOf(items) === 'string' ? (items.enum?.[0] ?? items.example ?? 'x') : 1;
}

/** Fields of a body schema, nested one level into objects and array items, as paths. */
function fieldsOf(schema: any, prefix: string[] = [], depth = 0): Array<{ path: string[]; schema: any }> {
  const out: Array<{ path: string[]; schema: any }> = [];
  for (const [k, v] of Object.entries<any>(schema.properties ?? {})) {
    if (kindOf(v) === 'binary') continue;
    out.push({ path: [...prefix, k], schema: v });
    if (depth < 2 && kindOf(v) === 'object') out.push(...fieldsOf(v, [...prefix, k], depth + 1));
    if (depth < 2 && kindOf(v) === 'array' && kindOf(v.items ?? {}) === 'object')
      out.push(...fieldsOf(v.items, [...prefix, k, '0'], depth + 1));
  }
  return out;
}

function setPath(target: any, path: string[], value: unknown): any {
  const copy = structuredClone(target);
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object')
      node[key] = /^\d+$/.test(key) ? [] : {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
  return copy;
}

/** Percent-encoded hostile values for a query or path parameter. */
function hostileParam(
  schema: any,
  runs: number,
  seed: number,
): Array<{ label: string; raw: string; mustRefuse: boolean }> {
  const random = fc.sample(badText, { seed, numRuns: runs }).map((s) => ({
    label: `text ${JSON.stringify(s)}`,
    raw: encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')),
    mustRefuse: true,
  }));
  const raw = (label: string, value: string, mustRefuse = true) => ({ label, raw: value, mustRefuse });
  const common = [
    ...random,
    raw('NUL', 'a%00b'),
    raw('ESC', '%1B%5B31m'),
    raw('C1 control', '%C2%85'),
    raw('invalid UTF-8', '%FF%FE'),
    raw('UTF-8 surrogate bytes', '%ED%A0%80'),
    raw('overlong UTF-8 encoding', '%C0%AF'),
  ];
  if (kindOf(schema) === 'number')
    return [
      ...common,
      raw('not a number', 'abc'),
      raw('NaN', 'NaN'),
      raw('1e400', '1e400'),
      raw('hex', '0x1A'),
      ...['0', '-1', '1.5', '2147483648', '9007199254740993', '100000000000000000000', '', '1e3'].map((v) =>
        raw(`boundary ${v || 'empty'}`, v, false),
      ),
    ];
  if (kindOf(schema) === 'boolean') return [...common, raw('not a boolean', 'peut-%C3%AAtre', false)];
  return [
    ...common,
    ...(schema.enum ? [raw('not in enum', 'kh%C3%B4ng-c%C3%B3')] : []),
    ...(/date|from|to|at|due/i.test(schema.example ?? '') || /^\d{4}-\d\d-\d\d$/.test(schema.example ?? '')
      ? [raw('impossible date', '2025-02-30'), raw('year 99999', '99999-01-01')]
      : []),
    raw('overlong (6000)', 'a'.repeat(6000), false),
    raw('empty', '', false),
  ];
}

export interface SweepOptions {
  seed: number;
  /** Random bad texts drawn by fast-check per field or parameter, on top of the fixed list. */
  runs: number;
  ids: KnownIds;
  /** A small PDF for the file part of multipart bodies. */
  pdf: Buffer;
}

/** Every hostile case of one operation, for one bearer token (its header is added by the caller). */
export function hostileCases(op: Operation, options: SweepOptions): HostileCase[] {
  const { ids } = options;
  let seed = options.seed;
  const nextSeed = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const realId = op.path.startsWith('/api/v1/documents/')
    ? ids.document
    : op.path.startsWith('/api/v1/organisations/')
      ? ids.organisation
      : op.path.startsWith('/api/v1/units/')
        ? ids.unit
        : op.path.startsWith('/api/v1/users/')
          ? ids.user
          : randomUUID();
  const ordinaryPath: Record<string, string> = {};
  for (const p of pathParams)
    ordinaryPath[p.name] = kindOf(p.schema) === 'number' ? '1' : p.name === 'id' ? realId : 'abc';
  const buildPath = (values: Record<string, string>, query = '') =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]) + (query ? `?${query}` : '');
  const isMultipart = op.body?.types.includes('multipart/form-data') ?? false;
  const isJson = op.body?.types.includes('application/json') ?? false;
  const base = op.body ? ordinaryObject(op.body.schema, ids) : undefined;
  const hasRequired = (op.body?.schema.required?.length ?? 0) > 0;
  const cases: HostileCase[] = [];
  const add = (c: Omit<HostileCase, 'operation' | 'method'>) =>
    cases.push({ ...c, operation: op.id, method: op.method });
  const jsonHeaders = { 'content-type': 'application/json' };
  const ordinaryBody = (): Pick<HostileCase, 'headers' | 'body'> =>
    !op.body
      ? { headers: {} }
      : isJson
        ? { headers: jsonHeaders, body: jsonText(base) }
        : multipart(base!, op.body.schema, options.pdf);

  // Path parameters: not UUIDs, control characters, bytes that are not UTF-8, numbers out of range, random UUIDs.
  for (const p of pathParams) {
    const values = [
      ...hostileParam(p.schema, options.runs, nextSeed()).filter((v) => v.raw !== ''),
      { label: 'not a UUID', raw: 'not-a-uuid', mustRefuse: p.name === 'id' },
      { label: 'overlong (6000)', raw: 'a'.repeat(6000), mustRefuse: p.name === 'id' },
      { label: 'dot segments', raw: '..%2F..%2Fetc%2Fpasswd', mustRefuse: p.name === 'id' },
      // A random or nil UUID names nothing: a write on it, or a read of that one resource, is refused (a list
      // under it, such as a user's certificates, may answer an empty list). A code or reference such as
      // lineage's `{ref}` may legitimately name nothing and answer an empty list too.
      ...(kindOf(p.schema) !== 'number'
        ? ['random UUID', 'nil UUID'].map((label) => ({
            label,
            raw: label === 'nil UUID' ? '00000000-0000-0000-0000-000000000000' : randomUUID(),
            mustRefuse: p.name === 'id' && (op.method !== 'GET' || op.path.endsWith(`{${p.name}}`)),
          }))
        : []),
    ];
    for (const v of values)
      add({
        label: `path ${p.name}: ${v.label}`,
        url: buildPath({ ...ordinaryPath, [p.name]: v.raw }),
        ...ordinaryBody(),
        mustRefuse: v.mustRefuse,
      });
  }

  // Query parameters, one at a time; then one repeated and one in bracket notation.
  for (const p of queryParams) {
    for (const v of hostileParam(p.schema, options.runs, nextSeed()))
      add({
        label: `query ${p.name}: ${v.label}`,
        url: buildPath(ordinaryPath, `${p.name}=${v.raw}`),
        ...ordinaryBody(),
        mustRefuse: v.mustRefuse,
      });
    add({
      label: `query ${p.name}: repeated`,
      url: buildPath(ordinaryPath, `${p.name}=1&${p.name}=2`),
      ...ordinaryBody(),
      mustRefuse: false,
    });
    add({
      label: `query ${p.name}: raw bytes that are not ASCII`,
      url: buildPath(ordinaryPath, `${p.name}=\u00ea`),
      ...ordinaryBody(),
      mustRefuse: true,
    });
    add({
      label: `query ${p.name}: bracket object`,
      url: buildPath(ordinaryPath, `${p.name}[a]=1`),
      ...ordinaryBody(),
      mustRefuse: false,
    });
  }

  // Header parameters (Idempotency-Key): overlong, control character.
  for (const p of op.parameters.filter((x) => x.in === 'header')) {
    for (const [label, value] of [
      ['overlong (4000)', 'k'.repeat(4000)],
      ['byte that is not UTF-8', 'key\u00ffx'],
      ['empty', ''],
    ] as const)
      add({
        label: `header ${p.name}: ${label}`,
        url: buildPath(ordinaryPath),
        ...ordinaryBody(),
        headers: { ...ordinaryBody().headers, [p.name]: value },
        mustRefuse: false,
      });
  }

  if (!op.body) return cases;
  const url = buildPath(ordinaryPath);

  // Body fields, one at a time, the rest ordinary.
  for (const field of fieldsOf(op.body.schema)) {
    for (const h of hostileValues(field.schema, options.runs, nextSeed())) {
      const value = setPath(base, field.path, h.value);
      const label = `body ${field.path.join('.')}: ${h.label}`;
      if (isJson) add({ label, url, headers: jsonHeaders, body: jsonText(value), mustRefuse: h.mustRefuse });
      if (isMultipart && field.path.length === 1 && typeof h.value === 'string' && h.value.length < 200_000)
        add({
          label: `${label} (multipart)`,
          url,
          ...multipart(value, op.body.schema, options.pdf),
          mustRefuse: h.mustRefuse,
        });
    }
  }

  // The body as a whole: encoding, depth, size, root type, content type.
  const whole: Array<[string, Record<string, string>, Buffer, boolean]> = [
    ['malformed JSON', jsonHeaders, Buffer.from('{"subject": "abc'), true],
    ['JSON with a trailing comma', jsonHeaders, Buffer.from('{"a": 1,}'), true],
    ['deep JSON (5000)', jsonHeaders, Buffer.from('['.repeat(5000) + ']'.repeat(5000)), true],
    ['deep JSON object (40)', jsonHeaders, Buffer.from('{"a":'.repeat(40) + '1' + '}'.repeat(40)), true],
    [
      'JSON over the size limit (2 MB)',
      jsonHeaders,
      jsonText({ ...base, note: 'x'.repeat(2_000_000) }),
      true,
    ],
    ['JSON root null', jsonHeaders, Buffer.from('null'), true],
    ['JSON root string', jsonHeaders, Buffer.from('"abc"'), true],
    ['JSON root array', jsonHeaders, Buffer.from('[{"a":1}]'), true],
    ['JSON root number', jsonHeaders, Buffer.from('42'), true],
    ['JSON with a NUL outside strings', jsonHeaders, Buffer.from('{"a":\u00001}'), true],
    // UTF-16 is a Unicode encoding body-parser decodes; the request is an ordinary one.
    [
      'JSON in UTF-16',
      { 'content-type': 'application/json; charset=utf-16' },
      Buffer.from(JSON.stringify(base), 'utf16le'),
      false,
    ],
    ['JSON gzip-encoded but not gzip', { ...jsonHeaders, 'content-encoding': 'gzip' }, jsonText(base), true],
    [
      '__proto__ key',
      jsonHeaders,
      Buffer.from(JSON.stringify(base).replace(/^\{/, '{"__proto__":{"admin":true},')),
      false,
    ],
    ['text/plain', { 'content-type': 'text/plain' }, jsonText(base), hasRequired],
    [
      'XML',
      { 'content-type': 'application/xml' },
      Buffer.from('<?xml version="1.0"?><a>&#0;</a>'),
      hasRequired,
    ],
    [
      'form-urlencoded',
      { 'content-type': 'application/x-www-form-urlencoded' },
      Buffer.from('subject=a%00b&typeCode=x'),
      hasRequired,
    ],
    ['no content type', {}, jsonText(base), hasRequired],
  ];
  if (!isMultipart) {
    const form = multipart(base!, op.body.schema, options.pdf);
    whole.push(['multipart on a JSON route', form.headers, form.body!, hasRequired]);
  }
  if (!isJson) whole.push(['JSON on a multipart route', jsonHeaders, jsonText(base), true]);
  if (isMultipart) {
    const boundary = 'kysoSweepBoundary';
    const m = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    whole.push(
      [
        'multipart without a boundary',
        { 'content-type': 'multipart/form-data' },
        Buffer.from('--x\r\n\r\n'),
        true,
      ],
      [
        'multipart truncated',
        m,
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF`,
        ),
        true,
      ],
      [
        'multipart with no file',
        m,
        multipart(base!, { properties: {} }, options.pdf, false).body!,
        op.body.schema.required?.includes('file') ?? false,
      ],
      // POST /verify reports on any file (verdict ERROR) and stores nothing; every other upload refuses it.
      [
        'multipart with a file that is not a PDF',
        multipartOf(base!, Buffer.from('MZ\u0000\u0001 not a pdf'), 'a.pdf').headers,
        multipartOf(base!, Buffer.from('MZ\u0000\u0001 not a pdf'), 'a.pdf').body,
        op.path !== '/api/v1/verify',
      ],
      [
        'multipart with an empty file',
        multipartOf(base!, Buffer.alloc(0), 'a.pdf').headers,
        multipartOf(base!, Buffer.alloc(0), 'a.pdf').body,
        true,
      ],
      [
        'multipart file name with NUL',
        multipartOf(base!, options.pdf, 'a\u0000.pdf').headers,
        multipartOf(base!, options.pdf, 'a\u0000.pdf').body,
        false,
      ],
      [
        'multipart file name not UTF-8',
        multipartOf(base!, options.pdf, Buffer.from([0x61, 0xff, 0xfe, 0x2e, 0x70, 0x64, 0x66])).headers,
        multipartOf(base!, options.pdf, Buffer.from([0x61, 0xff, 0xfe, 0x2e, 0x70, 0x64, 0x66])).body,
        false,
      ],
      ...firstTextField(op.body.schema).map((name): [string, Record<string, string>, Buffer, boolean] => {
        const form = multipartOf({ ...base!, [name]: RAW.badBytes }, options.pdf, 'a.pdf');
        return [`multipart field ${name} with bytes that are not UTF-8`, form.headers, form.body, true];
      }),
      [
        'multipart with 500 unknown parts',
        multipartOf(
          Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x${i}`, 'y'])),
          options.pdf,
          'a.pdf',
        ).headers,
        multipartOf(
          Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x${i}`, 'y'])),
          options.pdf,
          'a.pdf',
        ).body,
        hasRequired,
      ],
    );
  }
  for (const [label, headers, body, mustRefuse] of whole)
    add({ label: `body: ${label}`, url, headers, body, mustRefuse });
  return cases;
}

function firstTextField(schema: any): string[] {
  const name = Object.entries<any>(schema.properties ?? {}).find(
    ([, v]) => kindOf(v) === 'string' && !v.enum,
  )?.[0];
  return name ? [name] : [];
}

function multipart(
  fields: Record<string, unknown>,
  schema: any,
  pdf: Buffer,
  withFile = true,
): Pick<HostileCase, 'headers' | 'body'> {
  const hasFile = withFile && Object.values<any>(schema.properties ?? {}).some((p) => kindOf(p) === 'binary');
  return multipartOf(fields, hasFile ? pdf : undefined, 'a.pdf');
}

/** A multipart body built by hand, so that a part may hold bytes that are not UTF-8. */
function multipartOf(
  fields: Record<string, unknown>,
  file: Buffer | undefined,
  fileName: string | Buffer,
): { headers: Record<string, string>; body: Buffer } {
  const boundary = 'kysoSweepBoundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const bytes = text === RAW.badBytes ? Buffer.from([0x61, 0xff, 0xfe, 0x62]) : Buffer.from(text);
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      bytes,
      Buffer.from('\r\n'),
    );
  }
  if (file)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
      Buffer.isBuffer(fileName) ? fileName : Buffer.from(fileName),
      Buffer.from('"\r\nContent-Type: application/pdf\r\n\r\n'),
      file,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat(parts),
  };
}

/**
 * The contract check of the end-to-end suite: every answer the ApiClient receives is held to the OpenAPI document
 * the same API serves at /api/docs-json. The route (method + path template) must declare the status; a JSON body
 * must match the declared schema, with `additionalProperties: false` added to every response object schema that
 * lists its properties, so an undeclared field fails as surely as a mistyped one. Each check is appended to
 * KYSO_CONTRACT_LOG (set by test/global-setup.ts), which the global teardown sums up.
 */
import { appendFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are walked as plain JSON */
type Json = any;

/** Paths served by the API process but not part of the API (HTML pages, the document itself). */
const OUTSIDE_THE_API = [/^\/api\/docs/, /^\/sign\//, /^\/signing-page\//, /^\/assets\//];

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments first: /files/latest wins over /files/{version}. */
  params: number;
  operation: Json;
}

export interface ContractCheck {
  method: string;
  route: string;
  status: number;
}

export class ContractViolation extends Error {}

export class ApiContract {
  private readonly routes: Route[];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    this.routes = Object.entries<Json>(document.paths ?? {})
      .flatMap(([template, operations]) =>
        Object.entries<Json>(operations).map(([method, operation]) => ({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${template.replace(/\{[^/}]+\}/g, '[^/]+')}$`),
          params: (template.match(/\{/g) ?? []).length,
          operation,
        })),
      )
      .sort((a, b) => a.params - b.params);
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(
      { components: { schemas: closeObjects(document.components?.schemas ?? {}) } },
      'openapi.json',
    );
  }

  /** Throws a ContractViolation saying what differs from the document; returns what was checked. */
  check(
    method: string,
    url: string,
    status: number,
    contentType: string,
    body: unknown,
    bytes: number,
  ): ContractCheck | undefined {
    const path = new URL(url).pathname;
    if (OUTSIDE_THE_API.some((p) => p.test(path))) return undefined;
    const where = `${method} ${path} → ${status}`;
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) throw new ContractViolation(`${where}: the OpenAPI document has no such route`);
    const name = `${method} ${route.template}`;
    const response = route.operation.responses?.[String(status)] ?? route.operation.responses?.default;
    if (!response) throw new ContractViolation(`${name}: no response declared for HTTP ${status}`);
    const declared: Record<string, Json> = response.content ?? {};
    const media = contentType.split(';')[0].trim();
    if (bytes === 0 || status === 204) return { method, route: route.template, status };
    if (!media) throw new ContractViolation(`${name} ${status}: a body without a content type`);
    const entry =
      declared[media] ?? Object.entries(declared).find(([type]) => mediaMatches(type, media))?.[1];
    if (!entry)
      throw new ContractViolation(
        `${name} ${status}: sent ${media}, declared ${Object.keys(declared).join(', ') || 'no body'}`,
      );
    if (media === 'application/json') {
      if (!entry.schema)
        throw new ContractViolation(`${name} ${status}: a JSON body, but no schema declared`);
      const validate = this.validator(`${name} ${status}`, entry.schema);
      if (!validate(body))
        throw new ContractViolation(
          `${name} ${status}: the body does not match its schema: ${describe(validate.errors)}\n` +
            JSON.stringify(body).slice(0, 600),
        );
    }
    return { method, route: route.template, status };
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(retarget(closeObjects(schema)));
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** One line per distinct problem, naming an undeclared field by its name. */
function describe(errors: ErrorObject[] | null | undefined): string {
  const lines = (errors ?? []).map((e) => {
    const at = e.instancePath || '(body)';
    if (e.keyword === 'additionalProperties')
      return `${at} has undeclared field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    return `${at} ${e.message}`;
  });
  return [...new Set(lines)].join('; ');
}

function mediaMatches(declared: string, sent: string): boolean {
  if (declared === '*/*') return true;
  const [type, sub] = declared.split('/');
  return sub === '*' && sent.startsWith(`${type}/`);
}

/** `additionalProperties: false` on every object schema that lists properties and says nothing of extras. */
function closeObjects(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === 'properties' ? mapValues(v as Json, closeObjects) : closeObjects(v);
  if (out.properties && out.additionalProperties === undefined && !out.allOf)
    out.additionalProperties = false;
  // OpenAPI 3.0: `nullable` beside a reference (allOf/$ref, as @nestjs/swagger emits it) means "null or that".
  if (out.nullable === true && (out.allOf || out.$ref)) {
    const { nullable: _nullable, type: _type, ...rest } = out;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

/** Points `#/components/...` references of an operation's schema at the registered document. */
function retarget(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(retarget);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : retarget(v);
  return out;
}

function mapValues(object: Json, f: (v: Json) => Json): Json {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v)]));
}

const contracts = new Map<string, Promise<ApiContract>>();

/** The contract of the API at baseUrl, read once from its own /api/docs-json. */
export function contractOf(baseUrl: string): Promise<ApiContract> {
  let contract = contracts.get(baseUrl);
  if (!contract) {
    contract = fetch(`${baseUrl}/api/docs-json`).then(async (res) => {
      if (res.status !== 200) throw new Error(`GET /api/docs-json answered ${res.status}`);
      return new ApiContract(await res.json());
    });
    contracts.set(baseUrl, contract);
    // A process killed between two calls is read again from its successor at the same address.
    contract.catch(() => contracts.delete(baseUrl));
  }
  return contract;
}

/** One line per checked response, summed up by the global teardown (test/support/api/contract-summary.ts). */
export function recordCheck(check: ContractCheck): void {
  const log = process.env.KYSO_CONTRACT_LOG;
  if (log) appendFileSync(log, `${JSON.stringify(check)}\n`);
}

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the agent listens by default; the page may be told another port (see SigningPageOptions). */
export const DEFAULT_AGENT_URL = 'http://127.0.0.1:8988';

const CONTENT_TYPES: Record<string, string> = {
  'sign.js': 'text/javascript; charset=utf-8',
  'sign.css': 'text/css; charset=utf-8',
};

/** kyso document ids are UUIDs or similar tokens; anything else cannot name a document. */
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const AGENT_URL = /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/;

export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID.test(value);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page's assets directory. tsc does not copy non-TS files, so from `dist/` the sources are used;
 * both layouts keep the same relative path under the repository root.
 */
export function signingPageAssetsDir(): string {
  const beside = join(__dirname, 'assets');
  if (existsSync(join(beside, 'sign.html'))) return beside;
  return resolve(__dirname, '..', '..', '..', '..', '..', 'apps', 'api', 'src', 'signing-page', 'assets');
}

export interface RenderedPage {
  body: string;
  headers: Record<string, string>;
}

/**
 * The signing page's files, read once. The HTML is a template with two placeholders filled with
 * escaped values; everything dynamic happens in sign.js, so the CSP can forbid inline script.
 */
export class SigningPageAssets {
  private constructor(
    private readonly template: string,
    private readonly files: ReadonlyMap<string, Buffer>,
  ) {}

  static load(dir: string = signingPageAssetsDir()): SigningPageAssets {
    const template = readFileSync(join(dir, 'sign.html'), 'utf8');
    const files = new Map(Object.keys(CONTENT_TYPES).map((name) => [name, readFileSync(join(dir, name))]));
    return new SigningPageAssets(template, files);
  }

  page(documentId: string, agentUrl: string = DEFAULT_AGENT_URL): RenderedPage {
    if (!isDocumentId(documentId)) throw new RangeError(`not a document id: ${documentId}`);
    if (!AGENT_URL.test(agentUrl))
      throw new RangeError(`the agent URL must be http://127.0.0.1:<port>, got ${agentUrl}`);
    const body = this.template
      .replaceAll('%DOCUMENT_ID%', escapeHtml(documentId))
      .replaceAll('%AGENT_URL%', escapeHtml(agentUrl));
    return {
      body,
      headers: { 'Content-Type': 'text/html; charset=utf-8', ...pageSecurityHeaders(agentUrl) },
    };
  }

  asset(name: string): { body: Buffer; contentType: string } | undefined {
    const body = this.files.get(name);
    return body ? { body, contentType: CONTENT_TYPES[name]! } : undefined;
  }
}

/**
 * The page may talk to its own server and to the local agent, nothing else; it cannot be framed
 * (the PIN field must not sit under another site's overlay) and leaks no referrer to the agent.
 */
export function pageSecurityHeaders(agentUrl: string): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      `connect-src 'self' ${agentUrl}`,
      "form-action 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  };
}

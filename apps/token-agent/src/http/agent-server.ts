import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AGENT_PATHS, AgentErrorCode, type AgentStatus } from '@kyso/agent-protocol';
import { AgentError, toAgentError } from '../agent-error';
import type { AgentLog } from '../logging/agent-log';
import type { SignRequestHandler } from '../signing/sign-request.handler';
import type { TokenAccess } from '../tokens/token-access';
import { readJsonBody } from './json-body';
import { corsHeaders, isLoopbackHost, preflightHeaders } from './request-guard';

export interface AgentServerDeps {
  /** The port actually listened on (known after listen when 0 was asked). */
  port: () => number;
  allowedOrigins: () => ReadonlySet<string>;
  status: () => AgentStatus;
  tokens: TokenAccess;
  signHandler: SignRequestHandler;
  log: AgentLog;
}

const BASE_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** For the log only: an attacker-chosen header value, cut short and stripped of control characters. */
function loggable(value: string | undefined): string {
  return (value ?? '(none)').slice(0, 200).replace(/[\p{Cc}]/gu, '?');
}

/**
 * The agent's HTTP API on node:http. Order of checks: Host (DNS rebinding), Origin (only paired kyso
 * sites, exact match; others get 403 without any CORS header so the browser hides even the refusal),
 * then preflight or the route.
 */
export function createAgentServer(deps: AgentServerDeps): Server {
  const server = createServer((req, res) => {
    void handle(deps, req, res);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(deps: AgentServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  let cors: Record<string, string> = {};
  try {
    if (!isLoopbackHost(req.headers.host, deps.port())) {
      throw new AgentError(AgentErrorCode.HOST_NOT_ALLOWED, { detail: `host ${loggable(req.headers.host)}` });
    }
    const origin = req.headers.origin;
    if (origin === undefined || !deps.allowedOrigins().has(origin)) {
      throw new AgentError(AgentErrorCode.ORIGIN_NOT_ALLOWED, { detail: `origin ${loggable(origin)}` });
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...preflightHeaders(origin, req.headers), 'Content-Length': 0 });
      res.end();
      return;
    }
    cors = corsHeaders(origin);
    const route = `${req.method} ${path}`;
    switch (route) {
      case `GET ${AGENT_PATHS.status}`:
        return send(res, 200, deps.status(), cors);
      case `GET ${AGENT_PATHS.certificates}`:
        return send(res, 200, await deps.tokens.inventory(), cors);
      case `POST ${AGENT_PATHS.sign}`: {
        const body = await readJsonBody(req);
        return send(res, 200, await deps.signHandler.handle(origin, body), cors);
      }
      default:
        throw new AgentError(
          Object.values(AGENT_PATHS).includes(path as never)
            ? AgentErrorCode.METHOD_NOT_ALLOWED
            : AgentErrorCode.NOT_FOUND,
        );
    }
  } catch (err) {
    const error = toAgentError(err);
    const fields = { code: error.code, path: loggable(path), detail: error.detail };
    if (error.code === AgentErrorCode.INTERNAL) deps.log.error('request.failed', fields);
    else deps.log.warn('request.failed', fields);
    // Drain an unread body so the connection stays usable for the page's next request.
    req.resume();
    if (!res.headersSent) send(res, error.status, error.toBody(), cors);
    else res.destroy();
  }
}

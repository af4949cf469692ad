import type { IncomingHttpHeaders } from 'node:http';

/**
 * Host header check against DNS rebinding: a hostile name that resolves to 127.0.0.1 reaches the
 * agent with its own name in Host (and would count as same-origin to the browser), so only the
 * loopback names are accepted.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** CORS headers for an allowed origin on a real response (never `*`: the answer depends on the origin). */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/**
 * Answer to a CORS preflight from an allowed origin, including Private Network Access: Chromium asks
 * a loopback server, before a public page may call it, whether it agrees with
 * `Access-Control-Request-Private-Network: true`, and proceeds only on `Access-Control-Allow-Private-Network: true`.
 */
export function preflightHeaders(origin: string, request: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'Content-Type',
    'Access-Control-Max-Age': '600',
  };
  if (request['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  return headers;
}

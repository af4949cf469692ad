import type { IncomingMessage } from 'node:http';
import { AgentErrorCode } from '@kyso/agent-protocol';
import { AgentError } from '../agent-error';

/** Signed attributes plus a token fit in a few KiB; the limit only stops abuse. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON body. Requiring application/json also forces browsers to preflight, so no page can
 * reach `/v1/sign` with a "simple" form post. Parse errors are reported without Node's message, which
 * quotes the input — and the input may hold a PIN.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new AgentError(AgentErrorCode.UNSUPPORTED_MEDIA_TYPE);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    throw new AgentError(AgentErrorCode.PAYLOAD_TOO_LARGE);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AgentError(AgentErrorCode.PAYLOAD_TOO_LARGE);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AgentError(AgentErrorCode.BAD_REQUEST, { detail: 'body is not valid JSON' });
  } finally {
    body.fill(0);
    for (const chunk of chunks) chunk.fill(0);
  }
}

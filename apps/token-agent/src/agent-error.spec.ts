import { describe, expect, it } from 'vitest';
import { AgentErrorCode } from '@kyso/agent-protocol';
import { KysoError } from '@kyso/common';
import { AgentError } from './agent-error';

/** The agent's HTTP contract (docs/token-agent.md): the status of every code. */
const STATUS: Record<AgentErrorCode, number> = {
  HOST_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  REQUEST_NOT_FROM_KYSO: 403,
  NOT_PAIRED: 403,
  REQUEST_EXPIRED: 403,
  REQUEST_NOT_YET_VALID: 403,
  WRONG_ORIGIN: 403,
  REQUEST_REPLAYED: 409,
  TBS_HASH_MISMATCH: 400,
  CERTIFICATE_MISMATCH: 409,
  NO_MODULE: 503,
  NO_TOKEN: 404,
  TOKEN_NOT_FOUND: 404,
  TOKEN_REMOVED: 409,
  CERTIFICATE_NOT_FOUND: 404,
  CERTIFICATE_EXPIRED: 422,
  CERTIFICATE_NOT_YET_VALID: 422,
  KEY_NOT_FOUND: 404,
  PIN_REQUIRED: 401,
  PIN_INCORRECT: 401,
  PIN_LOCKED: 423,
  MECHANISM_NOT_SUPPORTED: 422,
  TOKEN_ERROR: 502,
  INTERNAL: 500,
};

describe('AgentError', () => {
  it.each(Object.values(AgentErrorCode))('answers %s with its pinned status', (code) => {
    const error = new AgentError(code);
    expect(error).toBeInstanceOf(KysoError);
    expect(error.status).toBe(STATUS[code]);
  });
});

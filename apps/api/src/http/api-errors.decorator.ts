import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './error-body';

/** The error statuses a kyso route may answer with; all with the one ErrorBody. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const MEANING: Record<ErrorStatus, string> = {
  400: 'Invalid input (VALIDATION_FAILED or a domain code); `error.fields` names each field at fault',
  401: 'No valid access token (UNAUTHENTICATED), or wrong credentials',
  403: 'The caller’s role or organisation may not do this (FORBIDDEN)',
  404: 'Not found, or not visible to the caller’s organisation',
  409: 'Conflict with the current state; IDEMPOTENCY_IN_PROGRESS (with Retry-After) or IDEMPOTENCY_KEY_REUSED for an Idempotency-Key',
  413: 'The body or the uploaded file is larger than allowed (PAYLOAD_TOO_LARGE; `fields` names `file` for uploads)',
  415: 'Unsupported content type',
  422: 'The work was attempted and failed (e.g. a signature that could not be made)',
  429: 'Too many requests; retry after the Retry-After header',
  503: 'A service this needs (time-stamp authority, OCSP/CRL, the queue) is unavailable; retry later',
};

/**
 * Declares the error responses of a route, each with the ErrorBody schema: `@ApiErrors(400, 401, 403, 404)`.
 * A `[status, description]` pair replaces the generic meaning with what that route's status says (its codes).
 */
export function ApiErrors(
  ...statuses: Array<ErrorStatus | [ErrorStatus, string]>
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, MEANING[entry]];
      return ApiResponse({ status, description, type: ErrorBody });
    }),
  );
}

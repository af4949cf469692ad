import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { KysoError } from '@kyso/common';

/** Largest JSON body accepted (a DTO of kyso is a few kilobytes; PDFs come as multipart). */
export const JSON_BODY_LIMIT = '1mb';

/** Deepest nesting of objects and arrays accepted; the deepest DTO (reorganisation decisions) needs 4. */
export const JSON_MAX_DEPTH = 32;

/** How deep the objects and arrays of a JSON text nest, counted without parsing it (brackets in strings skipped). */
export function jsonDepth(text: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * body-parser's `verify` hook: refuses a body nested deeper than {@link JSON_MAX_DEPTH} before JSON.parse and
 * class-transformer recurse through it. `status` tells body-parser the answer is a 400, not its default 403.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (jsonDepth(body) > JSON_MAX_DEPTH)
    throw Object.assign(
      new KysoError(
        'JSON_TOO_DEEP',
        'invalid-input',
        `The JSON body nests objects and arrays deeper than ${JSON_MAX_DEPTH} levels`,
        `Nội dung JSON lồng nhau quá ${JSON_MAX_DEPTH} cấp`,
      ),
      { status: 400 },
    );
}

/**
 * Express error middleware placed right after the JSON parser: a body that is not JSON becomes a MALFORMED_JSON
 * domain error (Nest would otherwise answer a bare BAD_REQUEST carrying the parser's message).
 */
export function malformedJson(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if (err instanceof SyntaxError && (err as { type?: unknown }).type === 'entity.parse.failed')
    next(
      new KysoError(
        'MALFORMED_JSON',
        'invalid-input',
        'The request body is not valid JSON',
        'Nội dung yêu cầu không phải là JSON hợp lệ',
      ),
    );
  else next(err);
}

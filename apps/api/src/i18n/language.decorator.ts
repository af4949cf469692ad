import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { langFromHeader } from '@kyso/documents';

/** `vi` unless the client prefers English (`Accept-Language: en`). */
export const Language = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  langFromHeader(ctx.switchToHttp().getRequest<Request>().header('accept-language')),
);

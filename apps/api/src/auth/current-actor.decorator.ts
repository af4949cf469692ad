import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@kyso/org';

export type AuthenticatedRequest = { actor?: Actor };

/** The authenticated actor the AuthGuard attached to the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without AuthGuard');
  return actor;
});

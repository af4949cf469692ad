import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { KysoError } from '@kyso/common';
import { hasRole, type Role } from '@kyso/org';
import { actorFromClaims } from './access-token';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { ROLES_KEY } from './roles.decorator';

/**
 * Requires a valid `Authorization: Bearer <token>` and, when the route declares roles, one of them. The actor it
 * attaches carries the organisation; the domain services scope every read and write to it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw unauthenticated();
    let claims: unknown;
    try {
      claims = this.jwt.verify(token);
    } catch {
      throw unauthenticated();
    }
    const actor = actorFromClaims(claims);
    if (!actor) throw unauthenticated();
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles?.length && !hasRole(actor, ...roles)) {
      throw new KysoError(
        'FORBIDDEN',
        'forbidden',
        'You are not allowed to do this',
        'Bạn không có quyền thực hiện thao tác này',
        { required: roles },
      );
    }
    return true;
  }
}

function unauthenticated(): KysoError {
  return new KysoError(
    'UNAUTHENTICATED',
    'unauthenticated',
    'Sign in first (missing, invalid or expired token)',
    'Vui lòng đăng nhập (phiên đăng nhập không hợp lệ hoặc đã hết hạn)',
  );
}

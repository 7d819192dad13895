import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, Optional, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenProblem, UnauthorizedProblem } from '../http/problem';
import { Principal, Role, SERVICE_TOKEN_SECONDS, signToken, verifyToken } from './tokens';
import { CONFIG } from '../config/config';
import { enterMall, mallOf } from '../tenancy/mall';
import type { PlatformConfig } from '../config/platform.config';

const ROLES = 'fd:roles';
const PUBLIC = 'fd:public';

/** Which roles may call a route. Every route needs a token unless marked @Public(). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
export const Public = () => SetMetadata(PUBLIC, true);

/**
 * The roles a route lets in: those of its @Roles, and the general manager (`manager`) on every
 * read (GET) the administration may make, so that the manager reads whatever the administration
 * reads without each route naming it (docs/rules.md#actors). Routes the manager may write name it.
 */
export function rolesLetIn(roles: readonly Role[], method: string): Role[] {
  const read = method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD';
  return read && roles.includes('admin') && !roles.includes('manager') ? [...roles, 'manager'] : [...roles];
}

type AuthedRequest = Request & { principal?: Principal };

/** The entry point's sessions: given, the guard takes session tokens and checks their session on every request. */
export const SESSION_CHECK = Symbol('fd:session-check');
export interface SessionCheck {
  /** Throws 401 SESSION_ENDED when the token's session has ended or its account is disabled. */
  assertOpen(p: Principal): Promise<void>;
}

/**
 * Verifies the bearer token in the service itself, so a direct call gets the same checks as one
 * through the gateway. A service takes only service tokens; the entry point (which provides
 * SESSION_CHECK) takes only session tokens, checks the session, and replaces the token with a
 * service token for whatever it forwards.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: PlatformConfig,
    @Optional() @Inject(SESSION_CHECK) private readonly sessions?: SessionCheck,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedProblem();
    const secret = this.config.JWT_SECRET;
    const principal = await verifyToken(token, secret, this.sessions ? 'session' : 'service');
    if (this.sessions) {
      await this.sessions.assertOpen(principal);
      const { sid: _sid, ...onward } = principal;
      req.headers.authorization = `Bearer ${await signToken(onward, secret, { ttlSeconds: SERVICE_TOKEN_SECONDS })}`;
    }
    req.principal = principal;
    enterMall(mallOf(principal));
    const named = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    // "any role" of a service means any role of a mall: the group administration calls only the routes that name it
    if (!named && !this.sessions && principal.role === 'group_admin')
      throw new ForbiddenProblem("The group administration reads the group's totals, not a mall's records.");
    const roles = named && rolesLetIn(named, req.method);
    if (roles && !roles.includes(principal.role))
      throw new ForbiddenProblem(`This needs the role ${roles.join(' or ')}; you are signed in as ${principal.role}.`);
    return true;
  }
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal as Principal;
});

/** A merchant sees and touches only its own data; clerks and admins see all. */
export function assertMerchantScope(p: Principal, merchantId: string | undefined | null): void {
  if (p.role === 'merchant' && p.merchantId !== merchantId)
    throw new ForbiddenProblem('A merchant can only see its own data.', 'OTHER_MERCHANT');
}

/** The merchant filter a list must apply for this caller (a merchant is always pinned to itself). */
export function merchantFilter(p: Principal, requested?: string): string | undefined {
  if (p.role === 'merchant') {
    if (requested && requested !== p.merchantId) throw new ForbiddenProblem('A merchant can only see its own data.', 'OTHER_MERCHANT');
    return p.merchantId;
  }
  return requested || undefined;
}

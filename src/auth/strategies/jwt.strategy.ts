import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AppError } from '../../common/errors/app-error.js';
import { type AuthConfig, authConfig } from '../../config/auth.config.js';
import type { AuthUser } from '../../identity/auth-user.js';
import { sameRoles } from '../../identity/role.js';
import { SessionsService } from '../../sessions/sessions.service.js';
import type { CachedUser } from '../../users/user-profile.cache.js';
import { UsersService } from '../../users/users.service.js';
import { accessTokenExtractor } from '../access-token.extractor.js';
import {
  type AccessTokenClaims,
  AccessTokenService,
  type DecodedAccessToken,
  issuedAtMs,
} from '../access-token.service.js';

/** What passport-jwt's `authenticate` calls on the strategy to settle an attempt. */
interface AuthenticationActions {
  success(user: AuthUser): void;
  fail(info: unknown): void;
  error(error: unknown): void;
}

/**
 * passport-jwt at the door of every protected route: it verifies the access token as
 * `AccessTokenService` says, then the session must not be revoked and the user must still be
 * there, enabled, with the roles the token names.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly accessTokens: AccessTokenService,
    @Inject(authConfig.KEY) auth: AuthConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {
    const { algorithms, issuer, audience, ignoreExpiration, ...jsonWebTokenOptions } =
      accessTokens.verifyOptions();
    // passport-jwt's types know only a string or Buffer key; it hands a key callback (giving
    // KeyObjects) to jsonwebtoken as it is.
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([accessTokenExtractor(auth.cookies.enabled)]),
      secretOrKey: accessTokens.verificationKey,
      algorithms,
      issuer,
      audience,
      ignoreExpiration,
      jsonWebTokenOptions,
    } as unknown as StrategyOptionsWithoutRequest);
  }

  /**
   * passport-jwt's own `authenticate`, given the three actions passport would attach to a copy
   * of the strategy, without passport's per-request middleware around it (its option merging,
   * the methods it adds to every request, its multi-strategy loop): the caller, or the
   * contract's error for a missing, expired, invalid or revoked token.
   */
  authenticateRequest(request: FastifyRequest): Promise<AuthUser> {
    return new Promise((resolve, reject) => {
      const actions: AuthenticationActions = {
        success: resolve,
        fail: (info) => reject(new AppError(failureCode(info))),
        error: (error) => reject(error instanceof AppError ? error : new AppError('token_invalid')),
      };
      const attempt = Object.assign(Object.create(this) as this, actions);
      // passport-jwt's types name Express's request; it reads one only through our extractor.
      attempt.authenticate(request as unknown as Parameters<Strategy['authenticate']>[0]);
    });
  }

  async validate(token: DecodedAccessToken): Promise<AuthUser> {
    const claims = this.accessTokens.acceptedClaims(token);
    if (this.sessions.isRevoked(claims.sid)) throw new AppError('token_revoked');
    const user = await this.users.findTokenSubject(claims.sub);
    if (!user || user.profile.disabled || rolesAreStale(claims, user)) {
      throw new AppError('token_revoked');
    }
    return {
      id: user.profile.id,
      sessionId: claims.sid,
      roles: user.profile.roles,
      fresh: claims.fresh,
    };
  }
}

/**
 * A token issued before the roles last changed is stale, whatever the roles became since: the
 * next refresh has the current ones. The roles are compared too, for a refresh that read the user
 * just before a change and signed just after it.
 */
function rolesAreStale(
  claims: AccessTokenClaims,
  { profile, rolesChangedAt }: CachedUser,
): boolean {
  if (!sameRoles(profile.roles, claims.roles)) return true;
  return rolesChangedAt !== null && issuedAtMs(claims) < rolesChangedAt.getTime();
}

/** passport-jwt reports why a token failed: no token, or jsonwebtoken's error. */
function failureCode(info: unknown): 'token_missing' | 'token_expired' | 'token_invalid' {
  if (info instanceof Error) {
    if (info.name === 'TokenExpiredError') return 'token_expired';
    if (info.message === 'No auth token') return 'token_missing';
  }
  return 'token_invalid';
}

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
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

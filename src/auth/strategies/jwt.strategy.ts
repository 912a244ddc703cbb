import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { KeyObject } from 'node:crypto';
import type { JwtHeader, JwtPayload } from 'jsonwebtoken';
import { ExtractJwt, Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AppError } from '../../common/errors/app-error.js';
import { type AuthConfig, authConfig } from '../../config/auth.config.js';
import { type JwtConfig, jwtConfig } from '../../config/jwt.config.js';
import { SigningKeys } from '../../keys/signing-keys.js';
import { SessionsService } from '../../sessions/sessions.service.js';
import { sameRoles } from '../../identity/role.js';
import type { CachedUser } from '../../users/user-profile.cache.js';
import { UsersService } from '../../users/users.service.js';
import { accessTokenExtractor } from '../access-token.extractor.js';
import type { AuthUser } from '../../identity/auth-user.js';
import { issuedAtMsOf } from '../token-id.js';
import { ACCESS_TOKEN_TYPE } from '../token.service.js';

interface DecodedToken {
  header: JwtHeader & { crit?: unknown };
  payload: JwtPayload;
}

/** Thrown for a token naming a key we do not have; passport turns it into `token_invalid`. */
class UnknownKeyError extends Error {}

function headerOf(rawToken: string): JwtHeader | undefined {
  try {
    return JSON.parse(
      Buffer.from(rawToken.split('.', 1)[0], 'base64url').toString('utf8'),
    ) as JwtHeader;
  } catch {
    return undefined;
  }
}

type KeyDone = (error: Error | null, key?: KeyObject) => void;

/**
 * One key: handed over as it is (`validate` still refuses a `kid` that is not ours). During a
 * rotation (a previous key is configured) the token's `kid` picks the key to verify with.
 */
function keyOptions(
  keys: SigningKeys,
): { secretOrKey: KeyObject } | { secretOrKeyProvider: unknown } {
  if (keys.verification.length === 1) return { secretOrKey: keys.verification[0].key };
  return {
    secretOrKeyProvider: (_request: FastifyRequest, rawToken: string, done: KeyDone) => {
      const key = keys.keyFor(headerOf(rawToken)?.kid);
      if (key) done(null, key);
      else done(new UnknownKeyError('unknown kid'));
    },
  };
}

/**
 * Verifies access tokens: the configured algorithm only (never the one a token names), the key its
 * `kid` names among ours (`jku`, `x5u` and `jwk` headers are never looked at), `iss`, `aud`,
 * `exp` with the clock skew; then the RFC 8725 checks jsonwebtoken leaves to us, and revocation.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly clockSkewSeconds: number;

  constructor(
    private readonly keys: SigningKeys,
    @Inject(jwtConfig.KEY) config: JwtConfig,
    @Inject(authConfig.KEY) auth: AuthConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {
    const options = {
      jwtFromRequest: ExtractJwt.fromExtractors([accessTokenExtractor(auth.cookies.enabled)]),
      ...keyOptions(keys),
      algorithms: [keys.algorithm],
      issuer: config.issuer,
      audience: config.audience,
      jsonWebTokenOptions: { complete: true, clockTolerance: config.clockSkewSeconds },
    } as StrategyOptionsWithoutRequest;
    super(options);
    this.clockSkewSeconds = config.clockSkewSeconds;
  }

  async validate({ header, payload }: DecodedToken): Promise<AuthUser> {
    const now = Math.floor(Date.now() / 1000);
    const wellFormed =
      header.typ === ACCESS_TOKEN_TYPE &&
      this.keys.keyFor(header.kid) !== undefined &&
      header.crit === undefined &&
      typeof payload.exp === 'number' &&
      typeof payload.iat === 'number' &&
      payload.iat <= now + this.clockSkewSeconds &&
      typeof payload.sub === 'string' &&
      typeof payload.sid === 'string' &&
      typeof payload.jti === 'string' &&
      typeof payload.fresh === 'boolean' &&
      Array.isArray(payload.roles);
    if (!wellFormed) throw new AppError('token_invalid');

    if (this.sessions.isRevoked(payload.sid as string)) throw new AppError('token_revoked');
    const subject = await this.users.findTokenSubject(payload.sub as string);
    if (!subject || subject.profile.disabled || this.rolesAreStale(payload, subject)) {
      throw new AppError('token_revoked');
    }
    const user = subject.profile;
    return {
      id: user.id,
      sessionId: payload.sid as string,
      roles: user.roles,
      fresh: payload.fresh as boolean,
    };
  }

  /**
   * A token issued before the roles last changed is stale, whatever the roles became since: the
   * next refresh has the current ones. The roles are compared too, for a refresh that read the
   * user just before a change and signed just after it.
   */
  private rolesAreStale(payload: JwtPayload, { profile, rolesChangedAt }: CachedUser): boolean {
    if (!sameRoles(profile.roles, payload.roles as unknown[])) return true;
    if (!rolesChangedAt) return false;
    const issuedAtMs = issuedAtMsOf(payload.jti as string) ?? (payload.iat as number) * 1000;
    return issuedAtMs < rolesChangedAt.getTime();
  }
}

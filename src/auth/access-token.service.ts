import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
// jsonwebtoken is CommonJS: its functions come through the default export under Node's ESM.
import jwt, { type JwtHeader, type JwtPayload, type VerifyOptions } from 'jsonwebtoken';
import { Clock } from '../common/clock/clock.js';
import { AppError } from '../common/errors/app-error.js';
import { type JwtConfig, jwtConfig } from '../config/jwt.config.js';
import type { AuthUser } from '../identity/auth-user.js';
import type { Role } from '../identity/role.js';
import { SigningKeys } from '../keys/signing-keys.js';
import { issuedAtMsOf, newTokenId } from './token-id.js';

/** RFC 9068: the `typ` header of a JWT access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The claims of an access token, as minted and as accepted. Nothing secret is in them. */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  /** The user id. */
  sub: string;
  /** The session id. */
  sid: string;
  /** A UUIDv7 carrying the issue time in milliseconds. */
  jti: string;
  iat: number;
  exp: number;
  roles: Role[];
  fresh: boolean;
}

/** A token as jsonwebtoken decodes it with `complete: true`. */
export interface DecodedAccessToken {
  header: JwtHeader & { crit?: unknown };
  payload: JwtPayload;
}

type KeyCallback = (error: Error | null, key?: KeyObject) => void;

/**
 * What an access token is: how it is minted and how it is checked. jsonwebtoken (through
 * passport-jwt) checks the signature with the configured algorithm only (never the one a token
 * names), with the key its `kid` names among ours (`jku`, `x5u` and `jwk` headers are never looked
 * at), and `iss` and `aud`; `acceptedClaims` checks the rest, on this service's clock.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(jwtConfig.KEY) private readonly config: JwtConfig,
    private readonly clock: Clock,
  ) {}

  get ttlSeconds(): number {
    return this.config.accessTtlSeconds;
  }

  /** A token describing `caller` (as `JwtStrategy` will read it back). */
  mint(caller: AuthUser): string {
    const issuedAtMs = this.clock.now().getTime();
    const iat = Math.floor(issuedAtMs / 1000);
    const claims: AccessTokenClaims = {
      iss: this.config.issuer,
      aud: this.config.audience,
      sub: caller.id,
      sid: caller.sessionId,
      jti: newTokenId(issuedAtMs),
      iat,
      exp: iat + this.config.accessTtlSeconds,
      roles: caller.roles,
      fresh: caller.fresh,
    };
    const { algorithm, signing } = this.keys;
    return jwt.sign(claims, signing.key, {
      algorithm,
      header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE, kid: signing.kid },
    });
  }

  /**
   * jsonwebtoken's options. Time is left to `acceptedClaims`, which reads this service's clock;
   * the key comes from `verificationKey`.
   */
  verifyOptions(): VerifyOptions & { complete: true } {
    return {
      algorithms: [this.keys.algorithm],
      issuer: this.config.issuer,
      audience: this.config.audience,
      ignoreExpiration: true,
      ignoreNotBefore: true,
      complete: true,
    };
  }

  /** jsonwebtoken's key callback: the key the token's `kid` names; an error for any other kid. */
  readonly verificationKey = (header: JwtHeader, done: KeyCallback): void => {
    const key = this.keys.keyFor(header.kid);
    if (key) done(null, key);
    else done(new Error('unknown kid'));
  };

  /**
   * The claims of a token whose signature, `iss` and `aud` jsonwebtoken has checked, once the
   * rest holds: `exp` and `nbf` with the clock skew (an expired token is `token_expired`), an `iat`
   * not in the future beyond the skew, `typ`, no `crit` header, and the claims of our tokens.
   */
  acceptedClaims({ header, payload }: DecodedAccessToken): AccessTokenClaims {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const skew = this.config.clockSkewSeconds;
    if (
      payload.nbf !== undefined &&
      !(typeof payload.nbf === 'number' && payload.nbf <= now + skew)
    ) {
      throw new AppError('token_invalid');
    }
    if (typeof payload.exp !== 'number') throw new AppError('token_invalid');
    if (now >= payload.exp + skew) throw new AppError('token_expired');
    const wellFormed =
      header.typ === ACCESS_TOKEN_TYPE &&
      header.crit === undefined &&
      typeof payload.iat === 'number' &&
      payload.iat <= now + skew &&
      typeof payload.sub === 'string' &&
      typeof payload.sid === 'string' &&
      typeof payload.jti === 'string' &&
      typeof payload.fresh === 'boolean' &&
      Array.isArray(payload.roles);
    if (!wellFormed) throw new AppError('token_invalid');
    return payload as AccessTokenClaims;
  }
}

/** When a token was issued, to the millisecond where its `jti` carries it. */
export function issuedAtMs(claims: AccessTokenClaims): number {
  return issuedAtMsOf(claims.jti) ?? claims.iat * 1000;
}

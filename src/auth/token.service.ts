import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type JwtConfig, jwtConfig } from '../config/jwt.config.js';
import { SigningKeys } from '../keys/signing-keys.js';
import type { Role } from '../identity/role.js';
import { newTokenId } from './token-id.js';

/** RFC 9068: the `typ` header of a JWT access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeys,
    @Inject(jwtConfig.KEY) private readonly config: JwtConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.accessTtlSeconds;
  }

  issueAccessToken(claims: {
    userId: string;
    sessionId: string;
    roles: Role[];
    fresh: boolean;
  }): string {
    const issuedAtMs = Date.now();
    return this.jwt.sign(
      {
        sid: claims.sessionId,
        roles: claims.roles,
        fresh: claims.fresh,
        iat: Math.floor(issuedAtMs / 1000),
      },
      {
        subject: claims.userId,
        jwtid: newTokenId(issuedAtMs),
        header: { alg: this.keys.algorithm, typ: ACCESS_TOKEN_TYPE, kid: this.keys.signing.kid },
      },
    );
  }
}

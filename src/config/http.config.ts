import { type ConfigType, registerAs } from '@nestjs/config';
import { IsOptional, ValidateBy } from 'class-validator';
import { parseDuration } from './duration.js';
import { EnvString, IsDuration } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

/** `false` → 0 hops, `true` → 1, a number → that many. */
function parseTrustProxy(value: string): number | undefined {
  const lower = value.toLowerCase();
  if (lower === 'false') return 0;
  if (lower === 'true') return 1;
  return /^\d{1,2}$/.test(value) ? Number(value) : undefined;
}

function parseOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

function isOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
  } catch {
    return false;
  }
}

class HttpEnv {
  @EnvString()
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value) => typeof value === 'string' && parseTrustProxy(value) !== undefined,
      defaultMessage: () => 'TRUST_PROXY must be true, false or a number of proxy hops',
    },
  })
  TRUST_PROXY = 'false';

  @EnvString()
  @IsOptional()
  @ValidateBy({
    name: 'isOriginList',
    validator: {
      validate: (value) => typeof value === 'string' && parseOrigins(value).every(isOrigin),
      defaultMessage: () =>
        'CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.com',
    },
  })
  CORS_ORIGINS?: string;

  @EnvString()
  @IsDuration()
  REQUEST_TIMEOUT = '30s';
}

export const httpConfig = registerAs('http', () => {
  const env = validateEnv(HttpEnv);
  return {
    trustedProxyHops: parseTrustProxy(env.TRUST_PROXY) as number,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    requestTimeoutMs: (parseDuration(env.REQUEST_TIMEOUT) as number) * 1000,
  };
});

export type HttpConfig = ConfigType<typeof httpConfig>;

import { type ConfigType, registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { readNodeEnv } from './app.config.js';
import { parseDuration } from './duration.js';
import { EnvInteger, EnvString, IsDuration } from './env-decorators.js';
import { EXAMPLE_SECRETS } from './example-secrets.js';
import { ConfigurationError, validateEnv } from './validate-env.js';

export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const MIN_SECRET_BYTES = 32;

class JwtEnv {
  @EnvString()
  @IsIn(JWT_ALGORITHMS, { message: `JWT_ALGORITHM must be one of ${JWT_ALGORITHMS.join(', ')}` })
  JWT_ALGORITHM: JwtAlgorithm = 'HS256';

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @IsOptional()
  @IsString()
  JWT_PREVIOUS_SECRET?: string;

  @EnvString()
  @IsOptional()
  @IsString()
  JWT_PRIVATE_KEY_FILE?: string;

  @EnvString()
  @IsOptional()
  @IsString()
  JWT_PUBLIC_KEY_FILE?: string;

  @EnvString()
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_PUBLIC_KEY_FILE?: string;

  @EnvString()
  @IsDuration()
  JWT_ACCESS_TTL = '15m';

  @EnvString()
  @IsDuration()
  JWT_REFRESH_TTL = '14d';

  @EnvString()
  @IsDuration()
  JWT_SESSION_MAX_AGE = '30d';

  @EnvString()
  @MinLength(1, { message: 'JWT_ISSUER must not be empty' })
  JWT_ISSUER = 'auth-service';

  @EnvString()
  @MinLength(1, { message: 'JWT_AUDIENCE must not be empty' })
  JWT_AUDIENCE = 'auth-service';

  @EnvInteger()
  @IsInt({ message: 'JWT_CLOCK_SKEW must be a whole number of seconds' })
  @Min(0, { message: 'JWT_CLOCK_SKEW must be from 0 to 300 seconds' })
  @Max(300, { message: 'JWT_CLOCK_SKEW must be from 0 to 300 seconds' })
  JWT_CLOCK_SKEW = 30;

  @EnvInteger()
  @IsInt({ message: 'JWT_REFRESH_REUSE_INTERVAL must be a whole number of seconds' })
  @Min(0, { message: 'JWT_REFRESH_REUSE_INTERVAL must be from 0 to 300 seconds' })
  @Max(300, { message: 'JWT_REFRESH_REUSE_INTERVAL must be from 0 to 300 seconds' })
  JWT_REFRESH_REUSE_INTERVAL = 10;
}

/** In production an HMAC secret must be long and not one copied from an example. */
function checkSecret(name: string, secret: string | undefined, required: boolean): void {
  if (secret === undefined || secret === '') {
    if (required) throw new ConfigurationError(`${name} is required in production`);
    return;
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigurationError(`${name} must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  if (EXAMPLE_SECRETS.has(secret.toLowerCase()) || new Set(secret).size < 8) {
    throw new ConfigurationError(`${name} is a well-known example value; generate a random one`);
  }
}

function requireFile(name: string, path: string | undefined): string {
  if (!path) throw new ConfigurationError(`${name} is required for asymmetric JWT_ALGORITHM`);
  return path;
}

export const jwtConfig = registerAs('jwt', () => {
  const env = validateEnv(JwtEnv);
  const isProduction = readNodeEnv() === 'production';
  const symmetric = env.JWT_ALGORITHM === 'HS256';
  if (symmetric && isProduction) {
    checkSecret('JWT_SECRET', env.JWT_SECRET, true);
    checkSecret('JWT_PREVIOUS_SECRET', env.JWT_PREVIOUS_SECRET, false);
  }
  const seconds = (value: string) => parseDuration(value) as number;
  return {
    algorithm: env.JWT_ALGORITHM,
    secret: env.JWT_SECRET || undefined,
    previousSecret: env.JWT_PREVIOUS_SECRET || undefined,
    privateKeyFile: symmetric
      ? undefined
      : requireFile('JWT_PRIVATE_KEY_FILE', env.JWT_PRIVATE_KEY_FILE),
    publicKeyFile: symmetric
      ? undefined
      : requireFile('JWT_PUBLIC_KEY_FILE', env.JWT_PUBLIC_KEY_FILE),
    previousPublicKeyFile: env.JWT_PREVIOUS_PUBLIC_KEY_FILE,
    accessTtlSeconds: seconds(env.JWT_ACCESS_TTL),
    refreshTtlSeconds: seconds(env.JWT_REFRESH_TTL),
    sessionMaxAgeSeconds: seconds(env.JWT_SESSION_MAX_AGE),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    clockSkewSeconds: env.JWT_CLOCK_SKEW,
    refreshReuseIntervalSeconds: env.JWT_REFRESH_REUSE_INTERVAL,
  };
});

export type JwtConfig = ConfigType<typeof jwtConfig>;

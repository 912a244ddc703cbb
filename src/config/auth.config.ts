import { type ConfigType, registerAs } from '@nestjs/config';
import { IsBoolean, IsIn } from 'class-validator';
import { readNodeEnv } from './app.config.js';
import { EnvBoolean, EnvString } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

const SAME_SITE = ['lax', 'strict', 'none'] as const;

class AuthEnv {
  @EnvBoolean()
  @IsBoolean({ message: 'REGISTRATION_ENABLED must be true or false' })
  REGISTRATION_ENABLED = true;

  @EnvBoolean()
  @IsBoolean({ message: 'AUTH_COOKIES must be true or false' })
  AUTH_COOKIES = false;

  @EnvString()
  @IsIn(SAME_SITE, { message: 'COOKIE_SAMESITE must be lax, strict or none' })
  COOKIE_SAMESITE: (typeof SAME_SITE)[number] = 'lax';
}

export const authConfig = registerAs('auth', () => {
  const env = validateEnv(AuthEnv);
  const nodeEnv = readNodeEnv();
  return {
    registrationEnabled: env.REGISTRATION_ENABLED,
    cookies: {
      enabled: env.AUTH_COOKIES,
      sameSite: env.COOKIE_SAMESITE,
      secure: nodeEnv !== 'development' && nodeEnv !== 'test',
    },
  };
});

export type AuthConfig = ConfigType<typeof authConfig>;

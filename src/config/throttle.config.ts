import { type ConfigType, registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { EnvInteger } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

class ThrottleEnv {
  @EnvInteger()
  @IsInt({ message: 'THROTTLE_LOGIN_LIMIT must be a whole number' })
  @Min(1, { message: 'THROTTLE_LOGIN_LIMIT must be at least 1' })
  THROTTLE_LOGIN_LIMIT = 5;

  @EnvInteger()
  @IsInt({ message: 'THROTTLE_LOGIN_TTL must be a whole number of seconds' })
  @Min(1, { message: 'THROTTLE_LOGIN_TTL must be from 1 to 86400 seconds' })
  @Max(86_400, { message: 'THROTTLE_LOGIN_TTL must be from 1 to 86400 seconds' })
  THROTTLE_LOGIN_TTL = 60;

  @EnvInteger()
  @IsInt({ message: 'THROTTLE_IP_LIMIT must be a whole number' })
  @Min(1, { message: 'THROTTLE_IP_LIMIT must be at least 1' })
  THROTTLE_IP_LIMIT = 100;
}

export const throttleConfig = registerAs('throttle', () => {
  const env = validateEnv(ThrottleEnv);
  return {
    perUsernameLimit: env.THROTTLE_LOGIN_LIMIT,
    perAddressLimit: env.THROTTLE_IP_LIMIT,
    windowSeconds: env.THROTTLE_LOGIN_TTL,
  };
});

export type ThrottleConfig = ConfigType<typeof throttleConfig>;

import { type ConfigType, registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { EnvInteger } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

class PasswordEnv {
  @EnvInteger()
  @IsInt({ message: 'BCRYPT_COST must be a whole number' })
  @Min(4, { message: 'BCRYPT_COST must be from 4 to 15' })
  @Max(15, { message: 'BCRYPT_COST must be from 4 to 15' })
  BCRYPT_COST = 12;
}

export const passwordConfig = registerAs('password', () => ({
  bcryptCost: validateEnv(PasswordEnv).BCRYPT_COST,
}));

export type PasswordConfig = ConfigType<typeof passwordConfig>;

import { Module } from '@nestjs/common';
import { type JwtConfig, jwtConfig } from '../config/jwt.config.js';
import { JwksController } from './jwks.controller.js';
import { loadSigningKeys } from './load-signing-keys.js';
import { SigningKeys } from './signing-keys.js';

@Module({
  controllers: [JwksController],
  providers: [
    {
      provide: SigningKeys,
      inject: [jwtConfig.KEY],
      useFactory: (config: JwtConfig) => loadSigningKeys(config),
    },
  ],
  exports: [SigningKeys],
})
export class KeysModule {}

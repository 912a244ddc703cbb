import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthEventsModule } from '../logging/auth-events.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { CredentialsService } from './credentials.service.js';
import { PasswordHasher } from './hashing/password-hasher.js';
import { MeController } from './me.controller.js';
import { User } from './user.entity.js';
import { UserProfileCache } from './user-profile.cache.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule, AuthEventsModule],
  // MeController first: `/users/me` must be registered before `/users/:id`.
  controllers: [MeController, UsersController],
  providers: [UsersRepository, UsersService, CredentialsService, UserProfileCache, PasswordHasher],
  exports: [UsersService, CredentialsService],
})
export class UsersModule {}

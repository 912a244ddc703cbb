import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthEventsModule } from '../logging/auth-events.module.js';
import { RefreshToken } from './refresh-token.entity.js';
import { MemoryRevocationStore } from './revocation/memory-revocation.store.js';
import { RevocationStore } from './revocation/revocation-store.js';
import { SessionPurgeTask } from './session-purge.task.js';
import { Session } from './session.entity.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Session, RefreshToken]), AuthEventsModule],
  controllers: [SessionsController],
  providers: [
    SessionsRepository,
    SessionsService,
    SessionPurgeTask,
    { provide: RevocationStore, useClass: MemoryRevocationStore },
  ],
  exports: [SessionsService],
})
export class SessionsModule {}

import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { SessionsService } from './sessions.service.js';

const HOURLY = 60 * 60 * 1000;

@Injectable()
export class SessionPurgeTask {
  private readonly logger = new Logger(SessionPurgeTask.name);

  constructor(private readonly sessions: SessionsService) {}

  @Interval(HOURLY)
  async purge(): Promise<void> {
    const purged = await this.sessions.purgeEnded();
    if (purged > 0) this.logger.log(`Purged ${purged} ended sessions`);
  }
}

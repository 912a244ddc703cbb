import { Module } from '@nestjs/common';
import { AuthEvents } from './auth-events.js';

/** Imported by the modules whose services report security events (the CLI gets it through them). */
@Module({ providers: [AuthEvents], exports: [AuthEvents] })
export class AuthEventsModule {}

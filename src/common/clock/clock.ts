import { Injectable } from '@nestjs/common';

/**
 * The time the service's rules are judged by (session lifetimes, the reuse interval, token
 * times): read through one provider, so that a test can move it instead of waiting.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

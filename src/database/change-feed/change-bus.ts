import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Change, type ChangeKind } from './change.js';
import { ChangeBroadcast } from './change-broadcast.js';

type Handler<K extends ChangeKind> = (change: Extract<Change, { kind: K }>) => void;

/**
 * Where this process's in-memory state (revoked sessions, cached users) learns of changes: its
 * own, at once, and every other process's, from the change feed and the broadcast. A change may
 * arrive more than once, by both paths: applying it again changes nothing.
 */
@Injectable()
export class ChangeBus implements OnModuleInit {
  private readonly handlers = new Map<ChangeKind, Array<(change: Change) => void>>();

  constructor(private readonly broadcast: ChangeBroadcast) {}

  onModuleInit(): Promise<void> {
    return this.broadcast.listen((change) => this.apply(change));
  }

  on<K extends ChangeKind>(kind: K, handler: Handler<K>): void {
    const handlers = this.handlers.get(kind) ?? [];
    handlers.push(handler as (change: Change) => void);
    this.handlers.set(kind, handlers);
  }

  /**
   * A change this process has just written to the database (with its row in the change feed):
   * applied here before the call returns, and broadcast to the others.
   */
  async announce(change: Change): Promise<void> {
    this.apply(change);
    await this.broadcast.publish(change);
  }

  apply(change: Change): void {
    for (const handler of this.handlers.get(change.kind) ?? []) handler(change);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, MoreThan, type Repository } from 'typeorm';
import { type Change, serializeChange } from './change.js';
import { ChangeRecord } from './change-record.entity.js';

/** Writes `change` to the feed through `manager`: inside the transaction of the change itself. */
export async function recordChange(
  manager: EntityManager,
  change: Change,
  at: Date,
): Promise<void> {
  await manager.insert(ChangeRecord, { change: serializeChange(change), createdAt: at });
}

@Injectable()
export class ChangeFeedRepository {
  constructor(@InjectRepository(ChangeRecord) private readonly records: Repository<ChangeRecord>) {}

  /** Rows written after `since`, oldest first. */
  listSince(since: Date): Promise<ChangeRecord[]> {
    return this.records.find({ where: { createdAt: MoreThan(since) }, order: { id: 'ASC' } });
  }

  async purgeBefore(before: Date): Promise<void> {
    await this.records.delete({ createdAt: LessThan(before) });
  }
}

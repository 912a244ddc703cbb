import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  Brackets,
  type EntityManager,
  In,
  IsNull,
  LessThan,
  MoreThan,
  type Repository,
} from 'typeorm';
import { atomically } from '../database/atomically.js';
import { recordChange } from '../database/change-feed/change-feed.repository.js';
import { RefreshToken } from './refresh-token.entity.js';
import { Session } from './session.entity.js';

/** A stored refresh token with the session it belongs to, read in one query. */
export type TokenWithSession = RefreshToken & { session: Session };

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
  ) {}

  async insert(session: Session, firstTokenHash: string): Promise<void> {
    await this.sessions.insert(session);
    await this.tokens.insert({
      tokenHash: firstTokenHash,
      sessionId: session.id,
      createdAt: session.createdAt,
      rotatedAt: null,
      sealedSuccessor: null,
    });
  }

  findTokenWithSession(tokenHash: string): Promise<TokenWithSession | null> {
    return this.tokens.findOne({
      where: { tokenHash },
      relations: { session: true },
    }) as Promise<TokenWithSession | null>;
  }

  findToken(tokenHash: string): Promise<RefreshToken | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  /** Compare-and-swap: true for the one caller that rotated the token and sealed its successor. */
  async markRotated(tokenHash: string, at: Date, sealedSuccessor: string): Promise<boolean> {
    const result = await this.tokens.update(
      { tokenHash, rotatedAt: IsNull() },
      { rotatedAt: at, sealedSuccessor },
    );
    return result.affected === 1;
  }

  async insertTokenIfAbsent(tokenHash: string, sessionId: string, createdAt: Date): Promise<void> {
    await this.tokens
      .createQueryBuilder()
      .insert()
      .values({ tokenHash, sessionId, createdAt, rotatedAt: null, sealedSuccessor: null })
      .orIgnore()
      .execute();
  }

  async touch(sessionId: string, lastUsedAt: Date, refreshExpiresAt: Date): Promise<void> {
    await this.sessions.update({ id: sessionId }, { lastUsedAt, refreshExpiresAt });
  }

  findById(id: string): Promise<Session | null> {
    return this.sessions.findOneBy({ id });
  }

  /** Sessions of the user that can still refresh. */
  listLive(userId: string, now: Date): Promise<Session[]> {
    return this.sessions
      .createQueryBuilder('session')
      .where('session.userId = :userId', { userId })
      .andWhere('session.revokedAt IS NULL')
      .andWhere('session.refreshExpiresAt > :now', { now })
      .andWhere('session.absoluteExpiresAt > :now', { now })
      .orderBy('session.lastUsedAt', 'DESC')
      .getMany();
  }

  /**
   * Marks the user's unrevoked sessions (but `exceptId`) revoked, and writes the revocation to
   * the change feed with it; returns their ids.
   */
  async revokeForUser(userId: string, at: Date, exceptId?: string): Promise<string[]> {
    return atomically(this.sessions.manager, async (manager) => {
      const live = await manager.find(Session, {
        select: { id: true },
        where: { userId, revokedAt: IsNull() },
      });
      const ids = live.map(({ id }) => id).filter((id) => id !== exceptId);
      await this.revokeWith(manager, ids, at);
      return ids;
    });
  }

  /** Marks the sessions revoked, and writes the revocation to the change feed with it. */
  async revoke(sessionIds: string[], at: Date): Promise<void> {
    await atomically(this.sessions.manager, (manager) => this.revokeWith(manager, sessionIds, at));
  }

  private async revokeWith(manager: EntityManager, sessionIds: string[], at: Date): Promise<void> {
    if (sessionIds.length === 0) return;
    await manager.update(Session, { id: In(sessionIds), revokedAt: IsNull() }, { revokedAt: at });
    await recordChange(manager, { kind: 'sessions-revoked', sessionIds, atMs: at.getTime() }, at);
  }

  listRevokedSince(since: Date): Promise<Array<Pick<Session, 'id' | 'revokedAt'>>> {
    return this.sessions.find({
      select: { id: true, revokedAt: true },
      where: { revokedAt: MoreThan(since) },
    });
  }

  /** Deletes sessions (and their tokens) revoked or expired before `before`. */
  async purgeEndedBefore(before: Date): Promise<number> {
    const result = await this.sessions
      .createQueryBuilder()
      .delete()
      .where(
        new Brackets((where) => {
          where
            .where({ revokedAt: LessThan(before) })
            .orWhere({ refreshExpiresAt: LessThan(before) })
            .orWhere({ absoluteExpiresAt: LessThan(before) });
        }),
      )
      .execute();
    return result.affected ?? 0;
  }
}

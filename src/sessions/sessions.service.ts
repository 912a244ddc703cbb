import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { AppError } from '../common/errors/app-error.js';
import { type JwtConfig, jwtConfig } from '../config/jwt.config.js';
import { ChangeBus } from '../database/change-feed/change-bus.js';
import type { ClientInfo } from '../identity/client-info.decorator.js';
import { AuthEvents } from '../logging/auth-events.js';
import { SessionDto } from './dto/session.dto.js';
import type { RefreshToken } from './refresh-token.entity.js';
import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken } from './refresh-token-codec.js';
import { RevocationStore } from './revocation/revocation-store.js';
import type { Session } from './session.entity.js';
import { SessionsRepository } from './sessions.repository.js';
import { openSuccessor, sealSuccessor } from './successor-seal.js';

/** A refresh token handed to the client, and the session it belongs to. */
export interface IssuedRefreshToken {
  userId: string;
  sessionId: string;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** A refresh that went through: the successor token, and the holder its check admitted. */
export type Refreshed<Holder> = IssuedRefreshToken & { holder: Holder };

@Injectable()
export class SessionsService implements OnModuleInit {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly revocations: RevocationStore,
    private readonly changes: ChangeBus,
    @Inject(jwtConfig.KEY) private readonly config: JwtConfig,
    private readonly clock: Clock,
    private readonly events: AuthEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    this.changes.on('sessions-revoked', ({ sessionIds, atMs }) => {
      void this.revocations.revoke(sessionIds, atMs + this.revocationLifetimeMs());
    });
    const since = new Date(this.clock.now().getTime() - this.revocationLifetimeMs());
    const revoked = await this.sessions.listRevokedSince(since);
    await this.revocations.restore(
      revoked.map(({ id, revokedAt }) => ({
        sessionId: id,
        untilMs: (revokedAt as Date).getTime() + this.revocationLifetimeMs(),
      })),
    );
  }

  async start(userId: string, client: ClientInfo): Promise<IssuedRefreshToken> {
    const now = this.clock.now();
    const refreshToken = newRefreshToken();
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessionMaxAgeSeconds * 1000);
    const session: Session = {
      id: randomUUID(),
      userId,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
      createdAt: now,
      lastUsedAt: now,
      refreshExpiresAt: this.refreshExpiry(now, absoluteExpiresAt),
      absoluteExpiresAt,
      revokedAt: null,
    };
    await this.sessions.insert(session, hashRefreshToken(refreshToken));
    return {
      userId,
      sessionId: session.id,
      refreshToken,
      refreshExpiresIn: this.secondsUntil(session.refreshExpiresAt, now),
    };
  }

  /**
   * The whole refresh: the presented token is looked up (`token_invalid` for one never issued),
   * its holder is admitted by `admitHolder` (which throws to refuse, before anything changes),
   * and the token is exchanged for its successor.
   */
  async refresh<Holder>(
    presented: string,
    admitHolder: (userId: string) => Promise<Holder>,
  ): Promise<Refreshed<Holder>> {
    if (!isRefreshTokenShaped(presented)) throw new AppError('token_invalid');
    const token = await this.sessions.findTokenWithSession(hashRefreshToken(presented));
    if (!token) throw new AppError('token_invalid');
    const holder = await admitHolder(token.session.userId);
    return { ...(await this.rotate(presented, token, token.session)), holder };
  }

  /**
   * The live token rotates (compare-and-swap, so of concurrent callers exactly one rotates);
   * within the reuse interval the just-rotated token answers with that same successor; any other
   * rotated token is reuse and ends the session.
   */
  private async rotate(
    presented: string,
    token: RefreshToken,
    session: Session,
  ): Promise<IssuedRefreshToken> {
    const now = this.clock.now();
    if (session.revokedAt) throw new AppError('token_revoked');
    if (session.absoluteExpiresAt <= now) throw new AppError('token_expired');

    if (token.rotatedAt === null && session.refreshExpiresAt <= now)
      throw new AppError('token_expired');

    const successor =
      (await this.rotateLive(presented, token, now)) ??
      (await this.successorWithinReuseInterval(presented, token, now));
    if (!successor) {
      await this.revokeSessions([session.id], now);
      this.events.refreshTokenReused(session.userId, session.id);
      throw new AppError('refresh_token_reused');
    }

    await this.sessions.insertTokenIfAbsent(hashRefreshToken(successor), session.id, now);
    const refreshExpiresAt = this.refreshExpiry(now, session.absoluteExpiresAt);
    await this.sessions.touch(session.id, now, refreshExpiresAt);
    return {
      userId: session.userId,
      sessionId: session.id,
      refreshToken: successor,
      refreshExpiresIn: this.secondsUntil(refreshExpiresAt, now),
    };
  }

  /** The user's live sessions; `currentSessionId` marks the caller's own, when there is one. */
  async listForUser(userId: string, currentSessionId?: string): Promise<SessionDto[]> {
    const sessions = await this.sessions.listLive(userId, this.clock.now());
    return sessions.map((session) => SessionDto.from(session, currentSessionId));
  }

  /** Ends one of the user's own sessions; another user's is simply not found. */
  async revokeOwn(userId: string, sessionId: string): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== userId || session.revokedAt) throw new AppError('not_found');
    await this.revokeSessions([sessionId]);
    this.events.sessionRevoked(sessionId);
  }

  async revokeAllForUser(userId: string, options: { except?: string } = {}): Promise<void> {
    const now = this.clock.now();
    const ids = await this.sessions.revokeForUser(userId, now, options.except);
    await this.announceRevocation(ids, now);
  }

  isRevoked(sessionId: string): boolean {
    return this.revocations.isRevoked(sessionId);
  }

  /** Sessions that ended longer ago than any of their access tokens can live. */
  async purgeEnded(): Promise<number> {
    await this.revocations.prune();
    const before = new Date(this.clock.now().getTime() - this.revocationLifetimeMs());
    return this.sessions.purgeEndedBefore(before);
  }

  async revokeSessions(sessionIds: string[], at = this.clock.now()): Promise<void> {
    await this.sessions.revoke(sessionIds, at);
    await this.announceRevocation(sessionIds, at);
  }

  /** Refused here at once, and on every other instance as soon as it hears of it. */
  private async announceRevocation(sessionIds: string[], at: Date): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.changes.announce({ kind: 'sessions-revoked', sessionIds, atMs: at.getTime() });
  }

  /**
   * A new random successor for a live token, sealed on the token's row in the same statement
   * that rotates it; `undefined` when the token was already rotated, here or by a concurrent call.
   */
  private async rotateLive(
    presented: string,
    token: RefreshToken,
    now: Date,
  ): Promise<string | undefined> {
    if (token.rotatedAt !== null) return undefined;
    const successor = newRefreshToken();
    const seal = sealSuccessor(presented, successor);
    return (await this.sessions.markRotated(token.tokenHash, now, seal)) ? successor : undefined;
  }

  /**
   * The successor sealed on a rotated token, opened with the presented token itself: only while
   * the reuse interval lasts, and only while that successor has not rotated in turn (a token two
   * rotations back is reuse).
   */
  private async successorWithinReuseInterval(
    presented: string,
    token: RefreshToken,
    now: Date,
  ): Promise<string | undefined> {
    // Rotated by a concurrent call since the token was read: read what that call stored.
    const rotated = token.rotatedAt ? token : await this.sessions.findToken(token.tokenHash);
    if (!rotated?.rotatedAt || !rotated.sealedSuccessor) return undefined;
    if (
      now.getTime() - rotated.rotatedAt.getTime() >
      this.config.refreshReuseIntervalSeconds * 1000
    ) {
      return undefined;
    }
    const successor = openSuccessor(presented, rotated.sealedSuccessor);
    if (!successor) return undefined;
    const next = await this.sessions.findToken(hashRefreshToken(successor));
    return next?.rotatedAt ? undefined : successor;
  }

  private refreshExpiry(now: Date, absoluteExpiresAt: Date): Date {
    const refreshExpiresAt = now.getTime() + this.config.refreshTtlSeconds * 1000;
    return new Date(Math.min(refreshExpiresAt, absoluteExpiresAt.getTime()));
  }

  private secondsUntil(at: Date, now: Date): number {
    return Math.max(0, Math.floor((at.getTime() - now.getTime()) / 1000));
  }

  /** How long an access token of a revoked session could still be presented. */
  private revocationLifetimeMs(): number {
    return (this.config.accessTtlSeconds + this.config.clockSkewSeconds) * 1000;
  }
}

import type { FastifyRequest } from 'fastify';
import type { Role } from './role.js';

/** The caller, as a verified access token describes them. */
export interface AuthUser {
  id: string;
  sessionId: string;
  roles: Role[];
  /** Minted by a password login or register, not by a refresh. */
  fresh: boolean;
}

export interface AuthRequest extends FastifyRequest {
  user: AuthUser;
}

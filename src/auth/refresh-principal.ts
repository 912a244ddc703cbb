import type { RefreshGrant } from '../sessions/sessions.service.js';
import type { UserDto } from '../users/dto/user.dto.js';

/** What the refresh-token strategy authenticates: a stored token and its user. */
export interface RefreshPrincipal {
  grant: RefreshGrant;
  user: UserDto;
}

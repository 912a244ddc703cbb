import type { INestApplicationContext } from '@nestjs/common';
import { SessionsService } from '../../sessions/sessions.service.js';
import { UsersService } from '../../users/users.service.js';
import type { CliCommand } from '../cli-command.js';

export const sessionsRevokeCommand: CliCommand = {
  name: 'sessions:revoke',
  summary: 'End every session of a user; none of their tokens is accepted any more.',
  options: {
    user: { type: 'string', value: '<name>', required: true, description: 'the username' },
  },
  async run(app: INestApplicationContext, values) {
    const user = await app.get(UsersService).getByUsername(values.user as string);
    await app.get(SessionsService).revokeAllForUser(user.id);
    return `Ended every session of ${user.username}`;
  },
};

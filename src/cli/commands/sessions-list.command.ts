import type { INestApplicationContext } from '@nestjs/common';
import { SessionsService } from '../../sessions/sessions.service.js';
import { UsersService } from '../../users/users.service.js';
import { type CliCommand, table } from '../cli-command.js';

export const sessionsListCommand: CliCommand = {
  name: 'sessions:list',
  summary: "List a user's live sessions.",
  options: {
    user: { type: 'string', value: '<name>', required: true, description: 'the username' },
    json: { type: 'boolean', description: 'print a JSON array instead of a table' },
  },
  async run(app: INestApplicationContext, values) {
    const user = await app.get(UsersService).getByUsername(values.user as string);
    const sessions = (await app.get(SessionsService).listForUser(user.id)).map(
      ({ current: _current, ...session }) => session,
    );
    if (values.json) return JSON.stringify(sessions, null, 2);
    if (sessions.length === 0) return `${user.username} has no live sessions`;
    const header = ['ID', 'CREATED', 'LAST USED', 'EXPIRES', 'IP', 'USER AGENT'];
    const rows = sessions.map((session) => [
      session.id,
      session.createdAt,
      session.lastUsedAt,
      session.expiresAt,
      session.ip ?? '-',
      session.userAgent ?? '-',
    ]);
    return table([header, ...rows], '').join('\n');
  },
};

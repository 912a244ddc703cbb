import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '../../users/users.service.js';
import type { CliCommand } from '../cli-command.js';

/** `user:disable` and `user:enable`: one admin change, `disabled`, by username. */
function userStatusCommand(
  name: string,
  summary: string,
  disabled: boolean,
  done: (username: string) => string,
): CliCommand {
  return {
    name,
    summary,
    options: {
      username: { type: 'string', value: '<name>', required: true, description: 'the user' },
    },
    async run(app: INestApplicationContext, values) {
      const users = app.get(UsersService);
      const user = await users.getByUsername(values.username as string);
      await users.updateByAdmin(user.id, { disabled });
      return done(user.username);
    },
  };
}

export const userDisableCommand = userStatusCommand(
  'user:disable',
  'Disable a user: no login from now on, and every session of theirs ends.',
  true,
  (username) => `Disabled ${username}; their sessions have ended`,
);

export const userEnableCommand = userStatusCommand(
  'user:enable',
  'Enable a disabled user again.',
  false,
  (username) => `Enabled ${username}`,
);

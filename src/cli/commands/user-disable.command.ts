import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '../../users/users.service.js';
import type { CliCommand } from '../cli-command.js';

export const userDisableCommand: CliCommand = {
  name: 'user:disable',
  summary: 'Disable a user: no login from now on, and every session of theirs ends.',
  options: {
    username: { type: 'string', value: '<name>', required: true, description: 'the user' },
  },
  async run(app: INestApplicationContext, values) {
    const users = app.get(UsersService);
    const user = await users.getByUsername(values.username as string);
    await users.updateByAdmin(user.id, { disabled: true });
    return `Disabled ${user.username}; their sessions have ended`;
  },
};

import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '../../users/users.service.js';
import type { CliCommand } from '../cli-command.js';

export const userEnableCommand: CliCommand = {
  name: 'user:enable',
  summary: 'Enable a disabled user again.',
  options: {
    username: { type: 'string', value: '<name>', required: true, description: 'the user' },
  },
  async run(app: INestApplicationContext, values) {
    const users = app.get(UsersService);
    const user = await users.getByUsername(values.username as string);
    await users.updateByAdmin(user.id, { disabled: false });
    return `Enabled ${user.username}`;
  },
};

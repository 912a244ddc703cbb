import type { INestApplicationContext } from '@nestjs/common';
import { UpdateUserDto } from '../../users/dto/update-user.dto.js';
import { UsersService } from '../../users/users.service.js';
import type { CliCommand } from '../cli-command.js';
import { readNewPassword } from '../password-input.js';
import { validateInput } from '../validate-input.js';

export const userSetPasswordCommand: CliCommand<{ username: string; password: string }> = {
  name: 'user:set-password',
  summary: "Set a user's password; every session of that user ends.",
  options: {
    username: { type: 'string', value: '<name>', required: true, description: 'the user' },
  },
  async prepare(values) {
    const { password } = await validateInput(UpdateUserDto, { password: await readNewPassword() });
    return { username: values.username as string, password: password as string };
  },
  async run(app: INestApplicationContext, { username, password }) {
    const users = app.get(UsersService);
    const user = await users.getByUsername(username);
    await users.updateByAdmin(user.id, { password });
    return `Set a new password for ${user.username}; their sessions have ended`;
  },
};

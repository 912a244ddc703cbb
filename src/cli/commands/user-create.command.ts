import type { INestApplicationContext } from '@nestjs/common';
import { CreateUserDto } from '../../users/dto/create-user.dto.js';
import { UsersService } from '../../users/users.service.js';
import type { CliCommand } from '../cli-command.js';
import { readNewPassword } from '../password-input.js';
import { validateInput } from '../validate-input.js';

export const userCreateCommand: CliCommand<CreateUserDto> = {
  name: 'user:create',
  summary: 'Create a user, e.g. an admin (--role admin).',
  options: {
    username: {
      type: 'string',
      value: '<name>',
      required: true,
      description: '3 to 32 of a-z A-Z 0-9 _ . -',
    },
    role: {
      type: 'string',
      value: '<role>',
      multiple: true,
      description: 'user or admin; repeat for both (default: user)',
    },
    email: { type: 'string', value: '<email>', description: 'optional' },
    name: { type: 'string', value: '<name>', description: 'optional display name' },
  },
  async prepare(values) {
    const password = await readNewPassword();
    return validateInput(CreateUserDto, {
      username: values.username,
      password,
      roles: values.role,
      email: values.email,
      name: values.name,
    });
  },
  async run(app: INestApplicationContext, account) {
    const user = await app.get(UsersService).create(account);
    return `Created ${user.username} (${user.roles.join(', ')}), id ${user.id}`;
  },
};

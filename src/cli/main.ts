import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppError } from '../common/errors/app-error.js';
import { loadEnvFile } from '../config/env-file.js';
import { validateConfiguration } from '../config/namespaces.js';
import {
  type CliCommand,
  commandHelp,
  globalHelp,
  parseCommandArgs,
  USAGE,
} from './cli-command.js';
import { CliError, UsageError } from './cli-error.js';
import { CliLogger } from './cli-logger.js';
import { CliModule } from './cli.module.js';
import { sessionsListCommand } from './commands/sessions-list.command.js';
import { sessionsRevokeCommand } from './commands/sessions-revoke.command.js';
import { userCreateCommand } from './commands/user-create.command.js';
import { userDisableCommand, userEnableCommand } from './commands/user-status.command.js';
import { userSetPasswordCommand } from './commands/user-set-password.command.js';

const COMMANDS = [
  userCreateCommand,
  userSetPasswordCommand,
  userDisableCommand,
  userEnableCommand,
  sessionsListCommand,
  sessionsRevokeCommand,
] as CliCommand<unknown>[];

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined)
    throw new UsageError(`No command given (${USAGE}). Run '--help' for the commands.`);
  if (name === '--help' || name === '-h' || name === 'help') {
    print(globalHelp(COMMANDS));
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`Unknown command '${name}'. Run '--help' for the commands.`);
  const values = parseCommandArgs(command, rest);
  if (!values) {
    print(commandHelp(command));
    return 0;
  }

  loadEnvFile();
  validateConfiguration();
  const input = command.prepare ? await command.prepare(values) : values;
  const app = await NestFactory.createApplicationContext(CliModule, {
    logger: new CliLogger(),
    abortOnError: false,
  });
  try {
    print(await command.run(app, input));
  } finally {
    await app.close();
  }
  return 0;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** An operator's mistake or a refusal by the rules by its message alone; anything else with its stack. */
function explain(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof AppError) {
    const details = error.errors?.map(({ message }) => message) ?? [error.detail];
    return { message: `${details.join('; ')} (${error.code})`, exitCode: 1 };
  }
  if (error instanceof Error && error.name === 'ConfigurationError') {
    return { message: error.message, exitCode: 1 };
  }
  return {
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    exitCode: 1,
  };
}

main(process.argv.slice(2)).then(
  (exitCode) => (process.exitCode = exitCode),
  (error: unknown) => {
    const { message, exitCode } = explain(error);
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = exitCode;
  },
);

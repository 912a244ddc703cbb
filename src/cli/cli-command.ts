import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';

export interface CliOption {
  type: 'string' | 'boolean';
  description: string;
  /** How the value is shown in the help, e.g. `<name>`. */
  value?: string;
  required?: boolean;
  multiple?: boolean;
}

export type CliValues = Record<string, string | boolean | string[] | undefined>;

export interface CliCommand<Input = CliValues> {
  name: string;
  summary: string;
  options: Record<string, CliOption>;
  /**
   * Reads and checks what the command needs before the application starts, so that a prompt or
   * a refusal does not wait for the database. Without it the parsed options are the input.
   */
  prepare?(values: CliValues): Promise<Input>;
  /** Does the work; what it returns is printed on standard output. */
  run(app: INestApplicationContext, input: Input): Promise<string>;
}

export const USAGE = 'npm run cli -- <command> [options]';

/** The command's options; `undefined` when `--help` asked for its help instead. */
export function parseCommandArgs(
  command: CliCommand<unknown>,
  args: string[],
): CliValues | undefined {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, { type, multiple = false }]) => [
      name,
      { type, multiple },
    ]),
  );
  let values: CliValues;
  try {
    ({ values } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(
      `${(error as Error).message}\nRun '${command.name} --help' for its options.`,
    );
  }
  if (values.help) return undefined;
  for (const [name, option] of Object.entries(command.options)) {
    if (option.required && values[name] === undefined) {
      throw new UsageError(`${command.name} needs --${name} ${option.value ?? ''}`.trimEnd());
    }
  }
  return values;
}

export function commandHelp(command: CliCommand<unknown>): string {
  const rows = [
    ...Object.entries(command.options).map(([name, option]) => [
      `--${name}${option.value ? ` ${option.value}` : ''}`,
      `${option.required ? '(required) ' : ''}${option.description}`,
    ]),
    ['--help, -h', 'show this help'],
  ];
  return [
    `Usage: npm run cli -- ${command.name} [options]`,
    '',
    command.summary,
    '',
    'Options:',
    ...table(rows),
  ].join('\n');
}

export function globalHelp(commands: CliCommand<unknown>[]): string {
  return [
    `Usage: ${USAGE}`,
    '',
    "Operator commands, run against the database of DATABASE_URL (with the service's",
    'environment and rules). A password is asked for without echo, or read from standard input.',
    '',
    'Commands:',
    ...table(commands.map(({ name, summary }) => [name, summary])),
    '',
    "Run '<command> --help' for a command's options.",
    'Exit status: 0 done, 1 refused or failed, 2 wrong usage.',
  ].join('\n');
}

/** Two columns, the first padded to its widest cell. */
export function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    (indent + row.map((cell, column) => cell.padEnd(widths?.[column] ?? 0)).join('  ')).trimEnd(),
  );
}

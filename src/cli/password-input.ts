import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError } from './cli-error.js';

/**
 * A new password: typed twice without echo on a terminal, else the first line of standard
 * input (`echo "$PASSWORD" | npm run cli -- …`), taken as it is but for the line break.
 */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const [password, repeated] = await promptHidden(['Password: ', 'Repeat the password: ']);
  if (repeated !== password) throw new CliError('The two passwords differ');
  return password;
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const [line] = Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1);
  if (!line) throw new CliError('No password on standard input');
  return line;
}

/**
 * Asks each question and reads a line for it with the terminal in raw mode, echoing nothing
 * (what is typed goes to a muted output). One reader for all of them, so that the terminal never
 * returns to echoing between two questions.
 */
function promptHidden(questions: string[]): Promise<string[]> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: muted, terminal: true });
  const answers: string[] = [];
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      reader.removeAllListeners();
      reader.close();
      process.stderr.write('\n');
      settle();
    };
    reader.on('line', (line) => {
      answers.push(line);
      if (answers.length === questions.length) return finish(() => resolve(answers));
      process.stderr.write(`\n${questions[answers.length]}`);
    });
    reader.once('SIGINT', () => finish(() => reject(new CliError('Cancelled', 130))));
    reader.once('close', () => finish(() => reject(new CliError('No password was typed'))));
    process.stderr.write(questions[0]);
  });
}

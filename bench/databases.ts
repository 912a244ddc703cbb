import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

export type DatabaseKind = 'sqlite' | 'postgres';

/** A database of the benchmark's own, created empty and dropped after its runs. */
export interface BenchDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createDatabase(kind: DatabaseKind, dir: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const fileDir = mkdtempSync(join(dir, 'sqlite-'));
    return {
      kind,
      url: `sqlite:${join(fileDir, 'bench.sqlite')}`,
      drop: async () => rmSync(fileDir, { recursive: true, force: true }),
    };
  }
  const name = `auth_bench_${process.pid}_${Date.now()}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: () => withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)),
  };
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await withAdminClient((client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

async function withAdminClient<T>(use: (client: DataSource) => Promise<T>): Promise<T> {
  const client = new DataSource({ type: 'postgres', url: POSTGRES_ADMIN_URL });
  await client.initialize();
  try {
    return await use(client);
  } finally {
    await client.destroy();
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'auth-bench-'));
}

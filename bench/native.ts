/**
 * The reference, "careful native": copy the file, then Debian's sqlite3 running the SQL the
 * engine runs on the copy, in /dev/shm, with the journal off and the temp store in memory
 * (what someone upgrading by hand who never writes the original would do, and the least a
 * tool that never writes its input can take). The SQL comes from the engine itself: the plan is run on a
 * schema-only copy of the input (its CREATE statements and alembic_version), and every
 * step's recorded statements (BEGIN, the migration, the version stamp, COMMIT, VACUUM) make
 * the script. None of the engine's checks or its export are in it.
 */
import { rmSync } from 'node:fs';
import { entropy } from '../migrations/index.ts';
import { Migrator, quoteLiteral } from '../src/engine/index.ts';
import { nodeOpener } from '../src/sqljs/node.ts';
import { SQLITE3 } from './fingerprint.ts';
import { measured, timed } from './proc.ts';

export const SHM = '/dev/shm';

/** The engine's statements for upgrading a database with this file's schema to head. */
export async function engineStatements(path: string): Promise<string[]> {
  const schema = JSON.parse((await timed(SQLITE3, ['-readonly', '-json', path,
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY rowid"])).stdout) as { sql: string }[];
  const versionsOut = (await timed(SQLITE3, ['-readonly', '-json', path, 'SELECT version_num FROM alembic_version'])).stdout.trim();
  const versions = (versionsOut ? JSON.parse(versionsOut) : []) as { version_num: string }[];
  const open = await nodeOpener();
  const db = open(null);
  try {
    for (const { sql } of schema) db.exec(sql);
    for (const { version_num } of versions) db.exec(`INSERT INTO alembic_version (version_num) VALUES (${quoteLiteral(version_num)})`);
    // Recorded on a copy of the schema, as Alembic's --sql does: the same statements a run issues.
    return new Migrator(open, entropy).record(db, 'base', 'heads').steps.flatMap((step) => step.statements);
  } finally {
    db.close();
  }
}

export function nativeScript(statements: readonly string[]): string {
  return ['.bail on', 'PRAGMA journal_mode = OFF;', 'PRAGMA temp_store = MEMORY;', ...statements.map((sql) => `${sql};`)].join('\n') + '\n';
}

export interface NativeRun {
  /** sqlite3 from spawn to exit: the SQL alone (3). */
  readonly ms: number;
  /** `cp` of the input, a whole process like the others, timed on its own; ms + copyMs is (3c). */
  readonly copyMs: number;
  /** sqlite3's peak RSS (GNU time); null where GNU time is not installed. */
  readonly peakRssBytes: number | null;
}

/**
 * One run: `cp` then sqlite3, each timed from spawn to exit. Someone upgrading by hand copies
 * the file first, as the CLI does, so copy + SQL (3c) is the careful user's cost and the
 * reference, and the SQL alone (3) the strict lower limit. temp_store = MEMORY holds VACUUM's
 * rebuilt copy in memory; SQLITE_TMPDIR in /dev/shm would keep it in RAM anyway.
 */
export async function runNative(input: string, output: string, script: string): Promise<NativeRun> {
  rmSync(output, { force: true });
  const { ms: copyMs } = await timed('cp', [input, output]);
  const env = { ...process.env, SQLITE_TMPDIR: SHM };
  const { ms, stdout, peakRssBytes } = await measured(SQLITE3, ['-batch', output], { input: script, env });
  if (!/^off$/m.test(stdout)) throw new Error(`sqlite3 did not turn the journal off: ${stdout}`);
  return { ms, copyMs, peakRssBytes };
}

/**
 * Where the CLI's time goes, in process: the Migrator on a Db that times every statement
 * and files it under a phase, plus reading and writing the file. The engine runs exactly as
 * in the CLI; only the opener is wrapped.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { entropy } from '../migrations/index.ts';
import { readDatabase } from '../src/cli/files.ts';
import { Migrator, type DbFile, type DbOpener } from '../src/engine/index.ts';
import { handOverBuffer, nodeOpener } from '../src/sqljs/node.ts';
import { migrateFile } from '../src/cli/file-run.ts';
import { loadNativeSqlite, type NativeSqlite } from '../src/native/adapter.ts';

export type Phases = Record<string, number>;

/** The engine's own checks and bookkeeping, told apart from the migration's SQL. */
function phaseOf(sql: string): string {
  if (/quick_check/i.test(sql)) return 'quick_check (input)';
  if (/integrity_check/i.test(sql)) return 'integrity_check (result)';
  if (/foreign_key_check/i.test(sql)) return 'foreign_key_check (input + result)';
  if (/^\s*VACUUM/i.test(sql)) return 'VACUUM';
  if (/^\s*DELETE/i.test(sql)) return 'DELETE saved_in_hdf5';
  if (/count\(\*\)/i.test(sql) && !/saved_in_hdf5/i.test(sql)) return 'row counts (before + after)';
  return 'other SQL (DDL, stamps, introspection)';
}

function timingOpener(open: DbOpener, phases: Phases): DbOpener {
  const add = (phase: string, ms: number) => (phases[phase] = (phases[phase] ?? 0) + ms);
  const time = <T>(phase: string, work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      add(phase, performance.now() - started);
    }
  };
  return (bytes) => {
    const db = time('open (bytes into sql.js)', () => open(bytes));
    const timedDb: DbFile = {
      exec: (sql) => time(phaseOf(sql), () => db.exec(sql)),
      query: (sql, params) => time(phaseOf(sql), () => db.query(sql, params)),
      run: (sql, params) => time(phaseOf(sql), () => db.run(sql, params)),
      export: () => time('export', () => db.export()),
      close: () => time('close', () => db.close()),
    };
    return timedDb;
  };
}

export async function profileCli(input: string, output: string): Promise<Phases> {
  const phases: Phases = {};
  const open = timingOpener(await nodeOpener(), phases);
  let started = performance.now();
  // As the CLI reads: into a buffer handed over to sql.js, not copied.
  const bytes = readDatabase(input, handOverBuffer);
  phases['read file'] = performance.now() - started;
  const outcome = new Migrator(open, entropy).migrate(bytes, { direction: 'upgrade' });
  rmSync(output, { force: true });
  started = performance.now();
  writeFileSync(output, outcome.bytes);
  phases['write file'] = performance.now() - started;
  return phases;
}

/** A timed Db with the same phases, around what the native adapter opened. */
function timedDb(db: DbFile, time: <T>(phase: string, work: () => T) => T): DbFile {
  return {
    exec: (sql) => time(phaseOf(sql), () => db.exec(sql)),
    query: (sql, params) => time(phaseOf(sql), () => db.query(sql, params)),
    run: (sql, params) => time(phaseOf(sql), () => db.run(sql, params)),
    export: () => time('export', () => db.export()),
    close: () => time('close', () => db.close()),
  };
}

/**
 * The same for the native path (migrateFile, as the CLI runs it by default): the engine's
 * statements on the work file and on the input (its quick_check, which runs while the input
 * is copied beside the output), and what is left of the total: the part of the copy the check
 * does not hide, reading the header, fsync and rename.
 */
export async function profileNative(input: string, output: string): Promise<Phases> {
  const phases: Phases = {};
  const time = <T>(phase: string, work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      phases[phase] = (phases[phase] ?? 0) + performance.now() - started;
    }
  };
  const native = await loadNativeSqlite();
  const timing: NativeSqlite = {
    openWork: (path) => timedDb(time('open work file', () => native.openWork(path)), time),
    openReadOnly: (path) => timedDb(native.openReadOnly(path), time),
    opener: native.opener,
  };
  rmSync(output, { force: true });
  const started = performance.now();
  await migrateFile({ native: timing, migrator: new Migrator(timing.opener, entropy), project: entropy }, { input, output, direction: 'upgrade' });
  const accounted = Object.values(phases).reduce((a, b) => a + b, 0);
  phases['copy input (beyond the check beside it), header, fsync, rename'] = performance.now() - started - accounted;
  return phases;
}

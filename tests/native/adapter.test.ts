/**
 * The native path (better-sqlite3 on the file itself) against the sql.js path: the same
 * databases, results, checks and typed errors, at every revision of the chain; the input never
 * written to; nothing but the output left behind.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { migrateFile } from '../../src/cli/file-run.ts';
import { main } from '../../src/cli/main.ts';
import { fileSource } from '../../src/cli/native-source.ts';
import { ownershipOf } from '../../src/cli/permissions.ts';
import { damagedPagesDb } from '../../migrations/builders/damage.ts';
import { inputFacts, MigrateError, StepFailedError, type DbFile, type InputFacts, type MigrateOutcome, type RunOutcome } from '../../src/engine/index.ts';
import type { CheckThread, NativeSqlite, OpenOptions } from '../../src/native/adapter.ts';
import { failingRevision, FAILING_STATEMENT, spliced } from '../bad-input/injected-chain.ts';
import { BAD_FILES, WAL_NOTE, walModeDb } from '../bad-input/cases.ts';
import { build, entropy, HEAD, migrate, open, snap, versions } from '../support/db.ts';
import { migrateNatively, native, nativeEngine, type NativeRun } from './support.ts';
import { fileTempDir } from '../support/temp.ts';
import { writeFiles } from '../oracle/kit.ts';

const dir = fileTempDir('em-native-');
const rich = { experiments: 12, rowsPerExperiment: 6, blobBytes: [100, 3000] as [number, number], seed: 7 };

/** What a run reports, without timings. */
function summary(outcome: RunOutcome) {
  const { result, before, after, checks, notes } = outcome;
  return {
    from: result.from,
    to: result.to,
    steps: result.steps.map((s) => ({ revision: s.revision, rowsChanged: s.rowsChanged, notes: s.notes, statements: s.statements })),
    before,
    after,
    checks,
    notes,
  };
}

function expectSameAsSqlJs(nativeRun: NativeRun, sqljs: MigrateOutcome): void {
  expect(snap(nativeRun.bytes)).toEqual(snap(sqljs.bytes));
  expect(summary(nativeRun.outcome)).toEqual(summary(sqljs));
}

async function refusedNatively(bytes: Uint8Array, args: Partial<Parameters<typeof migrateFile>[1]> = {}, project = entropy): Promise<MigrateError> {
  const work = mkdtempSync(join(dir, 'bad-'));
  const input = join(work, 'entropy.db');
  writeFileSync(input, bytes);
  try {
    await migrateFile(nativeEngine(project), { input, direction: 'upgrade', ...args });
  } catch (error) {
    // Nothing written beside the input, and the input as it was.
    expect(readdirSync(work)).toEqual(['entropy.db']);
    expect(Buffer.compare(readFileSync(input), bytes)).toBe(0);
    if (error instanceof MigrateError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const starts = ['pre-alembic', ...migrations.map((m) => m.revision).filter((r) => r !== HEAD)];

describe('native SQLite gives what sql.js gives', () => {
  it.each(starts)('upgrading from %s to the head', async (start) => {
    const input = build(start, rich);
    const run = await migrateNatively(dir, input, 'upgrade');
    expect(versions(run.bytes)).toEqual([HEAD]);
    expectSameAsSqlJs(run, migrate(input, 'upgrade'));
  });

  it.each(['base', ...starts.slice(1)])('downgrading from the head to %s', async (target) => {
    const input = build(HEAD, rich);
    expectSameAsSqlJs(await migrateNatively(dir, input, 'downgrade', target), migrate(input, 'downgrade', target));
  });

  it('works on a copy: the input is byte-identical afterwards and only the output is added', async () => {
    const input = build('04ae19b32c08', rich);
    const run = await migrateNatively(dir, input, 'upgrade');
    expect(readdirSync(run.folder).sort()).toEqual(['entropy.db', 'entropy.upgraded.db']);
    expect(Buffer.compare(readFileSync(join(run.folder, 'entropy.db')), input)).toBe(0);
  });

  it('--in-place keeps the old bytes as IN.bak.<rev>.db and replaces IN', async () => {
    const input = build('04ae19b32c08', rich);
    const run = await migrateNatively(dir, input, 'upgrade', undefined, { 'in-place': true });
    const folder = run.folder;
    expect(readdirSync(folder).sort()).toEqual(['entropy.bak.04ae19b32c08.db', 'entropy.db']);
    expect(Buffer.compare(readFileSync(join(folder, 'entropy.bak.04ae19b32c08.db')), input)).toBe(0);
    expect(versions(readFileSync(join(folder, 'entropy.db')))).toEqual([HEAD]);
  });

  it('--in-place with nothing to run writes nothing', async () => {
    const run = await migrateNatively(dir, build(HEAD, rich), 'upgrade', undefined, { 'in-place': true });
    expect(run.outcome.output).toBeNull();
    expect(readdirSync(run.folder)).toEqual(['entropy.db']);
  });
});

describe('native SQLite opens the work file as sql.js opens its copy', () => {
  it('with the hardening pragmas, no journal, foreign keys off (better-sqlite3 turns them on), VACUUM spilling to a file and a bounded memory map', () => {
    const work = mkdtempSync(join(dir, 'pragmas-'));
    writeFileSync(join(work, 'work.db'), build('04ae19b32c08'));
    const db = native.openWork(join(work, 'work.db'));
    try {
      const pragma = (name: string) => Object.values(db.query(`PRAGMA ${name}`)[0]!)[0];
      expect(pragma('journal_mode')).toBe('off');
      expect(pragma('trusted_schema')).toBe(0);
      expect(pragma('cell_size_check')).toBe(1);
      expect(pragma('foreign_keys')).toBe(0);
      expect(pragma('synchronous')).toBe(0);
      expect(pragma('temp_store')).toBe(1);
      expect(pragma('mmap_size')).toBe(2 ** 28);
      // Defensive mode, lifted only to turn the journal off, is back on.
      db.exec('PRAGMA writable_schema = ON');
      expect(() => db.exec(`UPDATE sqlite_master SET sql = sql`)).toThrow(/may not be modified/);
    } finally {
      db.close();
    }
  });
});

describe('memory maps: a database run reads through one, a whole-project run does not', () => {
  it('openWork and openReadOnly map up to 256 MiB unless told not to', () => {
    const work = mkdtempSync(join(dir, 'map-'));
    const path = join(work, 'work.db');
    writeFileSync(path, build('04ae19b32c08'));
    const mapSize = (db: DbFile) => {
      try {
        return Object.values(db.query('PRAGMA mmap_size')[0]!)[0];
      } finally {
        db.close();
      }
    };
    expect(mapSize(native.openReadOnly(path))).toBe(2 ** 28);
    expect(mapSize(native.openReadOnly(path, { map: false }))).toBe(0);
    expect(mapSize(native.openWork(path, { map: false }))).toBe(0);
  });

  /** Runs `argv` through the CLI on native SQLite that notes whether each connection maps its file. */
  async function mapsOf(argv: string[]): Promise<boolean[]> {
    const maps: boolean[] = [];
    const noted: NativeSqlite = {
      ...native,
      openWork: (path, options) => (maps.push(options?.map !== false), native.openWork(path, options)),
      openReadOnly: (path, options) => (maps.push(options?.map !== false), native.openReadOnly(path, options)),
    };
    const err: string[] = [];
    const code = await main(argv, entropy, { out: () => {}, err: (line) => err.push(line) }, async () => ({ name: 'native', native: noted }));
    expect(code, err.join('\n')).toBe(0);
    return maps;
  }

  it('the project\'s connections, the checks\' included, map nothing: its pages would count as the process\'s memory', async () => {
    await loadHdf5();
    const root = mkdtempSync(join(dir, 'project-'));
    const rows = rowMix({ experiments: [1, 2], perExperiment: 3, savedShare: 0, seed: 5 });
    writeFiles(root, buildEntropyProject(open, { at: '04ae19b32c08', experiments: 2, rows, params: 'v0.1', paramsCommits: 2 }));
    const project = await mapsOf(['upgrade', root, '-o', join(dir, 'project-out')]);
    expect(project.length).toBeGreaterThan(2);
    expect(project.every((mapped) => !mapped)).toBe(true);
    const database = await mapsOf(['upgrade', join(root, '.entropy', 'entropy.db'), '-o', join(dir, 'database-out.db')]);
    expect(database.length).toBeGreaterThan(2);
    expect(database.every((mapped) => mapped)).toBe(true);
  });
});

/** Native SQLite whose connections note every statement: the work file's, and the read-only ones'. */
function watchedNative() {
  const seen = { work: [] as string[], readOnly: [] as string[] };
  const watched = (db: DbFile, log: string[]): DbFile => ({
    exec: (sql) => (log.push(sql), db.exec(sql)),
    query: (sql, params) => (log.push(sql), db.query(sql, params)),
    run: (sql, params) => (log.push(sql), db.run(sql, params)),
    export: () => db.export(),
    close: () => db.close(),
  });
  const wrapped: NativeSqlite = {
    ...native,
    openWork: (path) => watched(native.openWork(path), seen.work),
    openReadOnly: (path) => watched(native.openReadOnly(path), seen.readOnly),
  };
  return { wrapped, seen };
}

describe('the input is checked while it is copied', () => {
  const upgrade = async (bytes: Uint8Array) => {
    const { wrapped, seen } = watchedNative();
    const work = mkdtempSync(join(dir, 'ahead-'));
    const input = join(work, 'entropy.db');
    writeFileSync(input, bytes);
    const outcome = await migrateFile(nativeEngine(entropy, wrapped), { input, direction: 'upgrade' });
    return { seen, outcome, output: readFileSync(outcome.output!) };
  };

  it('quick_check runs on the input itself, not again on the copy; the result is still checked whole', async () => {
    const { seen, output } = await upgrade(build('04ae19b32c08', rich));
    expect(seen.readOnly).toContain('PRAGMA quick_check(1)');
    expect(seen.work).not.toContain('PRAGMA quick_check(1)');
    expect(seen.work).toContain('PRAGMA integrity_check(5)');
    expect(versions(output)).toEqual([HEAD]);
  });

  it('a WAL-mode input, whose copy differs in its header, is checked on the copy instead', async () => {
    const { seen } = await upgrade(walModeDb());
    expect(seen.readOnly).not.toContain('PRAGMA quick_check(1)');
    expect(seen.work).toContain('PRAGMA quick_check(1)');
  });

  it('damage the input check finds is refused before the copy is opened, and the copy is removed', async () => {
    const error = await refusedNatively(damagedPagesDb(open, build('04ae19b32c08', rich)));
    expect(error.code).toBe('DAMAGED');
  });

  it('a file that is not SQLite is refused from its header, before anything is copied', async () => {
    const work = mkdtempSync(join(dir, 'not-sqlite-'));
    const input = join(work, 'entropy.db');
    writeFileSync(input, new Uint8Array(200_000).fill(0x41));
    const source = fileSource(native, input, join(work, 'copy.db'), ownershipOf(input, false));
    try {
      await expect(source.prepare(entropy)).rejects.toMatchObject({ code: 'NOT_SQLITE' });
      expect(readdirSync(work)).toEqual(['entropy.db']);
    } finally {
      source.discard();
    }
  });
});

describe("with a check thread, the input's rows are counted there while the revisions run", () => {
  /** A thread that answers as the real one would, from `answer`, and notes when its facts are taken. */
  function scriptedThread(answer: (path: string) => InputFacts) {
    const taken: string[] = [];
    const asked: (OpenOptions | undefined)[] = [];
    const thread: CheckThread = {
      query: (path, sql) => () => {
        const db = native.openReadOnly(path);
        try {
          return db.query(sql);
        } finally {
          db.close();
        }
      },
      facts: (path, options) => {
        asked.push(options);
        return () => {
          taken.push(path);
          return answer(path);
        };
      },
      close: () => {},
    };
    return { thread, taken, asked };
  }
  const runWith = async (thread: CheckThread) => {
    const work = mkdtempSync(join(dir, 'facts-'));
    const input = join(work, 'entropy.db');
    writeFileSync(input, build('04ae19b32c08', rich));
    let workAtTaking: string[] | null = null;
    const wrapped: NativeSqlite = { ...native, startCheckThread: () => ({ ...thread, facts: (path, options) => {
      const wait = thread.facts(path, options);
      return () => {
        // Where the run is when it takes them: the copy already at head, so they were not waited for first.
        workAtTaking = versions(readFileSync(join(work, readdirSync(work).find((n) => n.includes('.tmp'))!)));
        return wait();
      };
    } }) };
    const outcome = await migrateFile(nativeEngine(entropy, wrapped), { input, direction: 'upgrade' });
    return { outcome, input, workAtTaking };
  };
  const factsOfFile = (path: string): InputFacts => {
    const db = native.openReadOnly(path);
    try {
      return inputFacts(db);
    } finally {
      db.close();
    }
  };

  it('are the input\'s own facts, read unmapped, taken once the copy is at head', async () => {
    const { thread, taken, asked } = scriptedThread(factsOfFile);
    const { outcome, input, workAtTaking } = await runWith(thread);
    expect(taken).toHaveLength(1);
    // The run maps its copy meanwhile: a second map would count as the process's memory too.
    expect(asked).toEqual([{ map: false }]);
    expect(workAtTaking).toEqual([HEAD]);
    expect(outcome.before).toEqual(factsOfFile(input).tables);
    expect(outcome.checks.integrity).toBe('ok');
  });

  it('are read here, from the same input, when the thread cannot give them', async () => {
    const { thread } = scriptedThread(() => {
      throw new Error('the thread ended');
    });
    const { outcome, input } = await runWith(thread);
    expect(outcome.before).toEqual(factsOfFile(input).tables);
  });
});

describe('native SQLite refuses what sql.js refuses, with the same sentence', () => {
  it.each(BAD_FILES.map((bad) => [bad.name, bad] as const))('%s', async (_name, bad) => {
    const error = await refusedNatively(bad.bytes());
    expect(error.code).toBe(bad.code);
    if (typeof bad.message === 'string') expect(error.message).toBe(bad.message);
    else expect(error.message).toMatch(bad.message);
  });

  it('a large file cut off mid-page, through the one-page header probe', async () => {
    const whole = build('04ae19b32c08', { ...rich, experiments: 40 });
    expect(whole.length).toBeGreaterThan(65536 * 2);
    const error = await refusedNatively(whole.subarray(0, whole.length - 4096));
    expect(error.code).toBe('TRUNCATED');
    expect(error.message).toBe(`The database file is incomplete: it has ${whole.length - 4096} bytes, but its header says ${whole.length}. It was probably cut off while copying; copy it again.`);
  });

  it('a large file that is not SQLite', async () => {
    const error = await refusedNatively(new Uint8Array(200_000).fill(0x41));
    expect(error.code).toBe('NOT_SQLITE');
    expect(error.message).toContain('it looks like a text file');
  });

  it('a step that fails: StepFailedError, no output, no temporary file, the input untouched', async () => {
    const broken = spliced(migrations, failingRevision).project;
    const error = await refusedNatively(build('04ae19b32c08', rich), {}, broken);
    expect(error).toBeInstanceOf(StepFailedError);
    expect((error as StepFailedError).statement).toBe(FAILING_STATEMENT);
  });

  it('an output that exists is not replaced without force', async () => {
    const work = mkdtempSync(join(dir, 'exists-'));
    const input = join(work, 'entropy.db');
    writeFileSync(input, build('04ae19b32c08'));
    writeFileSync(join(work, 'entropy.upgraded.db'), 'mine');
    await expect(migrateFile(nativeEngine(), { input, direction: 'upgrade' })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(readFileSync(join(work, 'entropy.upgraded.db'), 'utf8')).toBe('mine');
    await migrateFile(nativeEngine(), { input, direction: 'upgrade', force: true });
    expect(versions(readFileSync(join(work, 'entropy.upgraded.db')))).toEqual([HEAD]);
  });

  it('upgrades a lone WAL-mode file with the same note, leaving the input as it was', async () => {
    const input = walModeDb();
    const run = await migrateNatively(dir, input, 'upgrade');
    expect(run.outcome.notes).toEqual([WAL_NOTE]);
    expect(versions(run.bytes)).toEqual([HEAD]);
    expect(Buffer.compare(readFileSync(join(run.folder, 'entropy.db')), input)).toBe(0);
  });
});

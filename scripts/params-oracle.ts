/**
 * Runs the ParamStore steps the way the upgrade chain would, on a real project folder, in place:
 * reads the database's revision, runs 06140c96c8c4 / 09f3b5a1689c / 997e336572b8 where the chain
 * still has them, over a StagedFiles of the folder, and applies the staged changes.
 * For the by-hand comparison with Entropy's own upgrade (not part of `npm test`):
 *   source ../shared/entropy-oracle/env.sh; W=$(mktemp -d)
 *   for c in a_04ae19b32c08 b_pre_alembic c_06140c96c8c4 c2_06140c96c8c4_v012params; do
 *     make-project $W/orig/$c $c; cp -a $W/orig/$c $W/ent_$c; cp -a $W/orig/$c $W/ts_$c
 *     entropy-upgrade $W/ent_$c; npx tsx scripts/params-oracle.ts $W/ts_$c
 *     for f in $(cd $W/ent_$c/.entropy && ls params.json*); do cmp $W/{ent,ts}_$c/.entropy/$f; done
 *     entropy-view $W/ent_$c $W/ent_$c.json; entropy-view $W/ts_$c $W/ts_$c.json
 *   done
 * then compare-views the two views with --ignore for every call that is not a ParamStore call
 * (the database is not migrated here): see the ParamStore keys in entropy-view's README.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { folderFromMap, StagedFiles } from '../src/engine/project/files.ts';
import initSqlJs from 'sql.js';
import { fixQualifiedName, upgrade_0_1_to_0_2, upgrade_0_2_to_0_3 } from '../migrations/param-store/index.ts';

const BEFORE_06140 = new Set(['', '1318a586f31d', '04ae19b32c08', 'f1ada2484fe2', '9ffd2ba0d5bf']);

async function dbRevision(project: string): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(join(project, '.entropy', 'entropy.db')));
  try {
    const r = db.exec("SELECT name FROM sqlite_master WHERE name = 'alembic_version'");
    if (!r.length) return '';
    return String(db.exec('SELECT version_num FROM alembic_version')[0]?.values[0]?.[0] ?? '');
  } finally {
    db.close();
  }
}

const project = process.argv[2];
if (!project) throw new Error('usage: tsx scripts/params-oracle.ts PROJECT_DIR');
const revision = await dbRevision(project);
const map = new Map<string, Uint8Array>();
for (const name of readdirSync(join(project, '.entropy'))) {
  const path = join(project, '.entropy', name);
  if (name.startsWith('params.json')) map.set(`.entropy/${name}`, readFileSync(path));
}
const files = new StagedFiles(folderFromMap(map));
const notes: string[] = [];
if (BEFORE_06140.has(revision)) notes.push(...upgrade_0_1_to_0_2(files, '06140c96c8c4'));
if (revision !== '09f3b5a1689c' && revision !== '997e336572b8') notes.push(...fixQualifiedName(files, '09f3b5a1689c'));
if (revision !== '997e336572b8') notes.push(...upgrade_0_2_to_0_3(files, '997e336572b8'));
for (const change of files.changes()) {
  const target = join(project, change.path);
  if (change.kind === 'remove') rmSync(target, { force: true });
  else if (change.kind === 'write') {
    if (!existsSync(dirname(target))) mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, change.bytes);
  }
  console.log(`${change.kind} ${change.path}`);
}
for (const note of notes) console.log(`note: ${note}`);

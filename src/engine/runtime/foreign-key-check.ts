/**
 * The foreign-key count a run compares before and after (a run must not add violations).
 *
 * SQLite's foreign_key_check stops with "foreign key mismatch" as soon as one foreign key
 * points at parent columns that are neither the parent's primary key nor a unique key: such
 * a constraint can never be checked (nor enforced; with foreign keys on, every write to its
 * table fails). It is the schema's choice, not damage, and native SQLite migrates the file as
 * any other, foreign keys being off during a migration. So the count leaves out exactly those
 * constraints, names them, and counts every other one: tables without such a constraint by
 * SQLite's own check, the sound constraints of a table that has one by the same rule in SQL.
 */
import { quoteIdent, type Db } from '../db.ts';
import { printable } from '../printable.ts';
import { tableNames } from '../schema/introspect.ts';

/** A foreign key SQLite cannot check, as declared. */
export interface UncheckedForeignKey {
  readonly table: string;
  readonly columns: readonly string[];
  readonly parent: string;
  /** The parent columns as declared; [] for "the parent's primary key". */
  readonly parentColumns: readonly string[];
}

export interface ForeignKeyFindings {
  /** Violations whose parent table exists. */
  readonly real: number;
  /** Rows pointing at a table that does not exist (as some downgrades leave them). */
  readonly orphaned: number;
  readonly unchecked: readonly UncheckedForeignKey[];
}

interface DeclaredForeignKey extends UncheckedForeignKey {
  readonly id: number;
}

const isMismatch = (error: unknown): boolean => /foreign key mismatch/i.test(error instanceof Error ? error.message : String(error));

/** SQLite compares names without regard to ASCII case. */
const folded = (name: string): string => name.replace(/[A-Z]/g, (c) => c.toLowerCase());

function declaredForeignKeys(db: Db, table: string): DeclaredForeignKey[] {
  const byId = new Map<number, { columns: string[]; parentColumns: string[]; parent: string }>();
  for (const r of db.query('SELECT id, "table" AS parent, "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq', [table])) {
    const id = Number(r.id);
    let fk = byId.get(id);
    if (!fk) byId.set(id, (fk = { columns: [], parentColumns: [], parent: String(r.parent) }));
    fk.columns.push(String(r.from));
    if (r.to !== null) fk.parentColumns.push(String(r.to));
  }
  return [...byId].map(([id, fk]) => ({ id, table, ...fk }));
}

/**
 * Whether SQLite can find the parent key of `fk` in `parent` (sqlite3FkLocateIndex's rule):
 * one column naming the INTEGER PRIMARY KEY (or implied, when the parent has one), or a
 * unique index, not partial, on exactly the parent columns (on the primary key when implied).
 * SQLite also wants each index column's collation to be its column's default; an index that
 * differs there (rare: a UNIQUE index declared with another COLLATE) is taken as sound here,
 * and its constraint counted rather than left out.
 */
function hasParentKey(db: Db, fk: UncheckedForeignKey, parent: string): boolean {
  const keyColumns = db.query('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [parent]).map((r) => String(r.name));
  const indexes = db.query('SELECT name, origin, "unique", partial FROM pragma_index_list(?)', [parent]);
  // A rowid table's INTEGER PRIMARY KEY is the rowid itself and has no index of its own.
  const integerKey = keyColumns.length === 1 && !indexes.some((i) => i.origin === 'pk') ? keyColumns[0]! : null;
  if (fk.columns.length === 1 && integerKey !== null && (!fk.parentColumns.length || folded(fk.parentColumns[0]!) === folded(integerKey))) return true;
  const wanted = new Set(fk.parentColumns.map(folded));
  return indexes.some((index) => {
    if (Number(index.unique) !== 1 || Number(index.partial) !== 0) return false;
    const columns = db.query('SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno', [String(index.name)]);
    if (columns.length !== fk.columns.length || columns.some((c) => Number(c.cid) < 0)) return false;
    if (!fk.parentColumns.length) return index.origin === 'pk';
    return columns.every((c) => wanted.has(folded(String(c.name))));
  });
}

/** The parent key columns of a sound foreign key: as declared, or the parent's primary key. */
function parentKey(db: Db, fk: UncheckedForeignKey, parent: string): string[] {
  if (fk.parentColumns.length) return [...fk.parentColumns];
  return db.query('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [parent]).map((r) => String(r.name));
}

/** Child rows of one sound foreign key without a parent row, as foreign_key_check counts them. */
function violationsOf(db: Db, fk: UncheckedForeignKey, parent: string | null): number {
  const child = fk.columns.map((c) => `c.${quoteIdent(c)}`);
  // A row with any child column NULL references nothing.
  const present = child.map((c) => `${c} IS NOT NULL`).join(' AND ');
  let where = present;
  if (parent !== null) {
    // The parent column on the left: its affinity and collation rule the comparison, as in SQLite's check.
    const matches = parentKey(db, fk, parent).map((p, i) => `p.${quoteIdent(p)} = ${child[i]}`).join(' AND ');
    where += ` AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(parent)} AS p WHERE ${matches})`;
  }
  return Number(db.query(`SELECT count(*) AS n FROM ${quoteIdent(fk.table)} AS c WHERE ${where}`)[0]!.n);
}

/**
 * Foreign-key violations, those whose parent table is gone apart (see ForeignKeyFindings),
 * and the constraints SQLite cannot check.
 */
export function foreignKeyViolations(db: Db): ForeignKeyFindings {
  const tables = tableNames(db);
  const existing = new Map(tables.map((t) => [folded(t), t]));
  let real = 0;
  let orphaned = 0;
  const unchecked: UncheckedForeignKey[] = [];
  const countRows = (rows: readonly { parent?: unknown }[]) => {
    for (const r of rows) {
      if (existing.has(folded(String(r.parent)))) real++;
      else orphaned++;
    }
  };
  try {
    countRows(db.query('SELECT parent FROM pragma_foreign_key_check'));
    return { real, orphaned, unchecked };
  } catch (error) {
    if (!isMismatch(error)) throw error;
  }
  for (const table of tables) {
    try {
      countRows(db.query('SELECT parent FROM pragma_foreign_key_check(?)', [table]));
      continue;
    } catch (error) {
      if (!isMismatch(error)) throw error;
    }
    for (const fk of declaredForeignKeys(db, table)) {
      const parent = existing.get(folded(fk.parent)) ?? null;
      if (parent === null) orphaned += violationsOf(db, fk, null);
      else if (hasParentKey(db, fk, parent)) real += violationsOf(db, fk, parent);
      else unchecked.push({ table: fk.table, columns: fk.columns, parent: fk.parent, parentColumns: fk.parentColumns });
    }
  }
  return { real, orphaned, unchecked };
}

const key = (table: string, columns: readonly string[]): string =>
  `${printable(table, 40)} (${columns.length ? columns.map((c) => printable(c, 40)).join(', ') : 'its primary key'})`;

/** The constraint as a sentence names it: `lab_notes (experiment_label) to Experiments (label)`. */
export function describeForeignKey(fk: UncheckedForeignKey): string {
  return `${key(fk.table, fk.columns)} to ${key(fk.parent, fk.parentColumns)}`;
}

/** One sentence for the report when some constraints were left out of the check; null when none. */
export function uncheckedForeignKeysNote(unchecked: readonly UncheckedForeignKey[]): string | null {
  if (!unchecked.length) return null;
  const shown = unchecked.slice(0, 3).map(describeForeignKey).join('; ');
  const more = unchecked.length > 3 ? ` and ${unchecked.length - 3} more` : '';
  const one = unchecked.length === 1;
  return `The foreign key${one ? '' : 's'} ${shown}${more} ${one ? 'was' : 'were'} not checked: ${one ? 'its' : 'their'} parent columns are neither a primary key nor unique, so SQLite cannot check ${one ? 'it' : 'them'} ("foreign key mismatch"); the file is not damaged by that, and every other foreign key was checked.`;
}

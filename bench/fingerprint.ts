/**
 * "The same database" as tests/support/snapshot.ts means it (every object's CREATE text,
 * every table's rows ordered by every column), reduced to a SHA-256 that native sqlite3
 * computes as a stream, so a gigabyte of rows never sits in memory as one string.
 */
import { createHash } from 'node:crypto';
import { quoteIdent, quoteLiteral } from '../src/engine/index.ts';
import { streamed, timed } from './proc.ts';

export const SQLITE3 = '/usr/bin/sqlite3';

async function columnsByTable(path: string): Promise<Map<string, string[]>> {
  const { stdout } = await timed(SQLITE3, ['-readonly', '-json', path,
    "SELECT m.name AS tbl, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY m.name, p.cid"]);
  const tables = new Map<string, string[]>();
  for (const { tbl, col } of (stdout.trim() ? JSON.parse(stdout) : []) as { tbl: string; col: string }[]) {
    tables.set(tbl, [...(tables.get(tbl) ?? []), col]);
  }
  return tables;
}

/** The SHA-256, hex. */
export async function fingerprint(path: string): Promise<string> {
  const tables = await columnsByTable(path);
  const script = [
    `SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite~_autoindex~_%' ESCAPE '~' ORDER BY type, name;`,
    ...[...tables].flatMap(([table, columns]) => {
      const cols = columns.map(quoteIdent);
      return [
        `SELECT '#' || ${quoteLiteral(table)};`,
        `SELECT ${cols.map((c) => `quote(${c})`).join(` || '|' || `)} FROM ${quoteIdent(table)} ORDER BY ${cols.join(', ')};`,
      ];
    }),
  ].join('\n');
  const hash = createHash('sha256');
  await streamed(SQLITE3, ['-readonly', '-batch', '-list', path], script, (chunk) => hash.update(chunk));
  return hash.digest('hex');
}

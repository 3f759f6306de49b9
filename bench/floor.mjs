/**
 * The least any tool built on stock sql.js must do to hand back a copy of a database file:
 * start Node, load sql.js, read the file into a buffer sql.js takes over (no copy, as the
 * CLI does), export it and write it out. No SQL at all, no checks, no fsync. sql.js 1.16
 * gives no other way in than a whole buffer and no other way out than export(), so the
 * CLI can be no faster than this; its ratio to native is the floor under target (1).
 *
 * Plain JavaScript run by bare `node`, like the CLI's bundle, so that neither pays for a
 * TypeScript loader at start-up.
 *
 * node bench/floor.mjs IN OUT
 */
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';

/** MEMFS keeps `slice(0, length)` of its input as the file: a view here, not a copy. */
class HandedOver extends Uint8Array {
  slice(start, end) {
    return new Uint8Array(this.buffer, this.byteOffset + (start ?? 0), (end ?? this.length) - (start ?? 0));
  }
}

const [input, output] = process.argv.slice(2);
const SQL = await initSqlJs();
const bytes = new HandedOver(statSync(input).size);
const fd = openSync(input, 'r');
for (let offset = 0; offset < bytes.length; ) offset += readSync(fd, bytes, offset, bytes.length - offset, offset);
closeSync(fd);
const db = new SQL.Database(bytes);
const out = db.export();
db.close();
writeFileSync(output, out);

/**
 * Text as Python decodes it, where the web's TextDecoder does otherwise: Python's UTF-8 keeps
 * a leading byte order mark (TextDecoder drops it by default), and Python's latin-1 maps every
 * byte to its own code point (TextDecoder('latin1') is windows-1252 in browsers, so this file's
 * last case only fails there: tests/e2e/project.spec.ts runs it in Chromium). The read-back
 * compares with these decodings, so it could not see a difference here.
 */
import { describe, expect, it } from 'vitest';
import { moveRowsToHdf5 } from '../../migrations/hdf5/index.ts';
import { readHdf5, type Dataset } from '../../migrations/hdf5/h5.ts';
import { vlenStringsEqual } from '../../migrations/hdf5/h5-read.ts';
import { pickleLoads } from '../../migrations/hdf5/pickle-read.ts';
import { insertRows } from '../../migrations/builders/hdf5-files.ts';
import { pickled, pickleDumps } from '../../migrations/builders/python-values.ts';
import { latin1Text } from '../../migrations/support/python-text.ts';
import { headDb, staged } from './support.ts';
import { buildEntropyProject, DATABASE } from '../../migrations/builders/entropy-project.ts';
import { folderFromMap, StagedFiles } from '../../src/engine/index.ts';
import { open } from '../support/db.ts';

const BOM_A = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);

describe('text as Python decodes it', () => {
  it('a String row that starts with a byte order mark keeps it in its HDF5 file, as Entropy writes it', () => {
    const db = headDb();
    try {
      insertRows(db, [
        { experimentId: 1, stage: 0, label: 'text', data: BOM_A, dataType: 'String' },
        { experimentId: 1, stage: 0, label: 'pickled', ...pickled('\ufeffa') },
      ]);
      const files = staged();
      moveRowsToHdf5(db, files, { utcOffset: () => 0 });
      readHdf5(files.read('.entropy/hdf5/1.hdf5')!, (file) => {
        for (const path of ['/0/text/result', '/0/pickled/result']) {
          const dataset = file.get(path) as Dataset;
          expect(vlenStringsEqual(dataset, dataset.metadata, [BOM_A]), path).toBe(true);
        }
      });
    } finally {
      db.close();
    }
  });

  it("the old single entropy.hdf5's labels that start with a byte order mark are split into the experiment's file whole, beside the same label without it", () => {
    // h5wasm lists a name over 16 bytes without its leading U+FEFF (Emscripten's TextDecoder).
    const long = '\ufeffa label longer than sixteen bytes';
    const globalResults = [long, long.slice(1), '\ufeffshort'].map((label, i) => ({ experimentId: 1, stage: 0, label, values: [i], shape: [1] }));
    const project = buildEntropyProject(open, { at: '04ae19b32c08', experiments: 1, globalResults });
    const db = open(project.get(DATABASE)!);
    try {
      const files = new StagedFiles(folderFromMap(new Map([...project].filter(([path]) => path !== DATABASE))));
      expect(moveRowsToHdf5(db, files).readBack).toEqual({ results: 3, metadata: 0 });
      readHdf5(files.read('.entropy/hdf5/1.hdf5')!, (file) => {
        for (const [i, label] of globalResults.map((r) => r.label).entries()) {
          const dataset = file.get(`/0/${label}/result`) as Dataset | null;
          expect(Array.from((dataset?.value ?? []) as ArrayLike<number>), JSON.stringify(label)).toEqual([i]);
        }
      });
    } finally {
      db.close();
    }
  });

  it('a pickled str keeps its leading byte order mark (BINUNICODE)', () => {
    expect(pickleLoads(pickleDumps('\ufeffa'))).toBe('\ufeffa');
  });

  it("protocol 0's unicode (raw-unicode-escape): bytes 0x80 to 0xFF are the code points of the same number", () => {
    expect(pickleLoads(new Uint8Array([0x56, 0x80, 0x9f, 0xe9, 0x0a, 0x2e]))).toBe('\u0080\u009f\u00e9');
  });

  it('latin-1 maps each of the 256 bytes to its own code point, also past one call\'s worth of bytes', () => {
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => i % 256);
    const text = latin1Text(bytes);
    expect(text.length).toBe(bytes.length);
    expect([...text].every((c, i) => c.charCodeAt(0) === bytes[i])).toBe(true);
  });
});

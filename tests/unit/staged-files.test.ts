/**
 * The staged project folder's questions about what the folder holds: where the source gives
 * its files unread (the page's picked files), whether one exists is answered without reading
 * it (the page's HDF5 move asked for the old entropy.hdf5, gigabytes in a big project, three
 * times over); elsewhere by reading it.
 */
import { describe, expect, it } from 'vitest';
import { StagedFiles, type FolderSource } from '../../src/engine/index.ts';

/** A source of the given files that counts the reads it serves. */
function countingSource(paths: string[], unread: boolean): FolderSource & { reads: string[] } {
  const reads: string[] = [];
  const source = {
    reads,
    list: () => paths,
    read: (path: string) => {
      reads.push(path);
      return paths.includes(path) ? new Uint8Array([1, 2, 3]) : null;
    },
  };
  return unread ? { ...source, unread: (path: string) => (paths.includes(path) ? new Blob([new Uint8Array([1, 2, 3])]) : null) } : source;
}

describe('StagedFiles: what the folder holds', () => {
  it.each([
    ['where the source gives files unread, exists, list and changes read nothing', true],
    ['where it has only bytes, the same answers by reading', false],
  ])('%s', (_, unread) => {
    const source = countingSource(['a/big.hdf5', 'a/other.hdf5'], unread);
    const files = new StagedFiles(source);
    expect(files.exists('a/big.hdf5')).toBe(true);
    expect(files.exists('a/none.hdf5')).toBe(false);
    files.remove('a/other.hdf5');
    files.remove('a/never.hdf5');
    expect(files.list('a')).toEqual(['a/big.hdf5']);
    expect(files.changes()).toEqual([{ kind: 'remove', path: 'a/other.hdf5' }]);
    if (unread) expect(source.reads).toEqual([]);
    else expect(source.reads.length).toBeGreaterThan(0);
  });
});

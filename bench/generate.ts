/**
 * The benchmark's input: an Entropy database at 04ae19b32c08 (as Entropy 0.2.0 left it) of
 * about the asked size, made by the project's own builder so its shape is what the tests use
 * (Nodes in the old shape, every table filled, about half of Results and ExperimentMetadata
 * flagged saved_in_hdf5). Files are cached under bench/out/, keyed by size and seed.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildEntropyDb } from '../migrations/builders/entropy-db.ts';
import { nodeOpener } from '../src/sqljs/node.ts';

export const BENCH_REVISION = '04ae19b32c08';
export const OUT_DIR = new URL('./out/', import.meta.url).pathname;

/** Pickled results vary from a few hundred bytes to tens of kilobytes. */
const BLOB_BYTES: readonly [number, number] = [256, 32 * 1024];
const ROWS_PER_EXPERIMENT = 20;

export interface GeneratedDb {
  readonly path: string;
  readonly bytes: number;
}

/**
 * Each experiment holds rowsPerExperiment Results and as many ExperimentMetadata rows plus
 * one Plot, each with one BLOB; the rest of a row is small beside it, and 10% of BLOBs are NULL.
 */
function experimentsFor(sizeMb: number): number {
  const meanBlob = (BLOB_BYTES[0] + BLOB_BYTES[1]) / 2;
  const blobsPerExperiment = 2 * ROWS_PER_EXPERIMENT + 1;
  return Math.max(1, Math.round((sizeMb * 1e6) / (meanBlob * blobsPerExperiment * 0.95)));
}

/** One write() takes at most 2 GiB in Node: a 4 GB database goes out a slice at a time. */
function writeInSlices(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(2 ** 30, bytes.length - at));
  } finally {
    closeSync(fd);
  }
}

export async function ensureDatabase(sizeMb: number, seed: number, log: (line: string) => void): Promise<GeneratedDb> {
  const experiments = experimentsFor(sizeMb);
  // 'data': rows hold valid serialized data with no NUL in pickled bytes (files cached before lack it).
  const path = join(OUT_DIR, `entropy-${BENCH_REVISION}-${sizeMb}mb-seed${seed}-data.db`);
  if (existsSync(path)) return { path, bytes: statSync(path).size };
  mkdirSync(OUT_DIR, { recursive: true });
  log(`generating ${path} (${experiments} experiments)...`);
  const started = performance.now();
  const bytes = buildEntropyDb(await nodeOpener(), {
    at: BENCH_REVISION,
    experiments,
    rowsPerExperiment: ROWS_PER_EXPERIMENT,
    blobBytes: BLOB_BYTES,
    savedInHdf5Share: 0.5,
    seed,
    // Entropy's own upgrade of the whole project must be able to move every row into HDF5.
    bytesWithNul: false,
  });
  // Written under a temporary name first, so an interrupted run never leaves a cached half-file.
  const temp = `${path}.${process.pid}.tmp`;
  writeInSlices(temp, bytes);
  renameSync(temp, path);
  log(`generated ${(bytes.length / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { path, bytes: bytes.length };
}

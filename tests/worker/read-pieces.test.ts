/**
 * How the worker reads a Blob a piece at a time (src/worker/read-file.ts): in order and
 * whole, stopping when asked; a big file through its stream (one reused buffer), but never
 * more streams in a worker's life than Chromium serves before its reads stall (about 110,
 * measured), and small files never through one. The Blobs here count their streams.
 */
import { describe, expect, it } from 'vitest';
import { readPieces } from '../../src/worker/read-file.ts';

const MIB = 2 ** 20;

/** A Blob of `size` bytes (byte i is i mod 251) that counts how often it is streamed. */
class CountedBlob extends Blob {
  static streams = 0;
  /** `stub`: its stream gives a few bytes only (for reads that stop at the first piece anyway). */
  constructor(readonly content: Uint8Array, private readonly stub = false) {
    super([content as Uint8Array<ArrayBuffer>]);
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    CountedBlob.streams++;
    return this.stub ? new Blob([new Uint8Array(8)]).stream() : super.stream();
  }
}

function patterned(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

/** Byte for byte (toEqual walks 64 MiB one element at a time). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

async function readAll(blob: Blob, pieceBytes: number): Promise<{ bytes: Uint8Array; pieces: number }> {
  const bytes = new Uint8Array(blob.size);
  let at = 0;
  let pieces = 0;
  const read = await readPieces(blob, pieceBytes, (piece) => (bytes.set(piece, at), (at += piece.length), pieces++, true));
  expect(read).toBe(blob.size);
  return { bytes, pieces };
}

describe('reading a Blob a piece at a time in the worker', () => {
  it('reads a small file whole, in slices of the piece size, without a stream', async () => {
    const blob = new CountedBlob(patterned(10_000));
    const before = CountedBlob.streams;
    const { bytes, pieces } = await readAll(blob, 4096);
    expect(same(bytes, blob.content)).toBe(true);
    expect(pieces).toBe(3);
    expect(CountedBlob.streams).toBe(before);
  });

  it('stops where `use` says so, and answers how much it read', async () => {
    const blob = new CountedBlob(patterned(10_000));
    let calls = 0;
    expect(await readPieces(blob, 4096, () => ++calls < 2)).toBe(8192);
  });

  it('streams a big file, and no more than 48 in a worker: past that, big files are read in slices too', async () => {
    const big = new CountedBlob(patterned(64 * MIB));
    const first = await readAll(big, 8 * MIB);
    expect(same(first.bytes, big.content)).toBe(true);
    expect(CountedBlob.streams).toBe(1);
    // Up to the budget (one is spent above), then past it: the same bytes, no new stream.
    const spent = new CountedBlob(big.content, true);
    for (let i = 1; i < 60; i++) await readPieces(spent, 8 * MIB, () => false);
    expect(CountedBlob.streams).toBe(48);
    const late = await readAll(big, 8 * MIB);
    expect(same(late.bytes, big.content)).toBe(true);
    expect(late.pieces).toBe(8);
    expect(CountedBlob.streams).toBe(48);
  });
});

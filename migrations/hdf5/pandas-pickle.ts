/**
 * pandas' pickled DataFrame, as far as np.asarray(frame) needs it: its blocks (2-D numpy
 * arrays), which columns each block fills (its placement: a slice or an array of positions),
 * and the lengths of its axes. pandas' own checks are made where pandas makes them (a slice
 * step of 0, a placement whose length is not its block's, blocks that do not fill the
 * columns), with pandas' words: Entropy's upgrade stops there. A placement is never expanded
 * before it is checked against its block, whose bytes bound it.
 */
import { NumpyArray } from './numpy-pickle.ts';
import { PickleError, PyLong } from './python-objects.ts';

export class PySlice {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

/** pandas Index objects: only their length matters here. */
export class PandasIndex {
  constructor(readonly length: bigint) {}
}

const refuse = (words: string): never => {
  throw new PickleError(`pandas refuses the pickle: ${words}`);
};

function int(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (v instanceof PyLong) return v.value;
  if (v === null || v === undefined) return null;
  return refuse('slice indices must be integers or None');
}

/** Which columns a block fills: `start + i * step` for i < length, or explicit positions. */
export class Placement {
  private constructor(
    readonly length: bigint,
    private readonly start: bigint,
    private readonly step: bigint,
    private readonly positions: readonly number[] | null,
  ) {}

  /** pandas' slice_canonize (pandas/_libs/internals.pyx), then the slice's length. */
  static ofSlice(s: PySlice): Placement {
    const stepIn = int(s.step);
    const step = stepIn ?? 1n;
    if (step === 0n) refuse('slice step cannot be zero');
    let start = 0n;
    let stop = 0n;
    const stopIn = int(s.stop);
    const startIn = int(s.start);
    if (step > 0n) {
      if (stopIn === null) refuse('unbounded slice');
      stop = stopIn!;
      start = startIn === null ? 0n : startIn > stop ? stop : startIn;
    } else {
      if (startIn === null) refuse('unbounded slice');
      start = startIn!;
      stop = stopIn === null ? -1n : stopIn > start ? start : stopIn;
    }
    if (start < 0n || (stop < 0n && stopIn !== null && step > 0n)) refuse('unbounded slice');
    // len(range(start, stop, step)), with stop -1 meaning "down to 0" for a negative step
    const span = step > 0n ? stop - start : start - stop;
    const by = step > 0n ? step : -step;
    const length = span <= 0n ? 0n : (span + by - 1n) / by;
    return new Placement(length, start, step, null);
  }

  static ofPositions(positions: readonly number[]): Placement {
    return new Placement(BigInt(positions.length), 0n, 0n, positions);
  }

  static of(locs: unknown): Placement | null {
    if (locs instanceof PySlice) return Placement.ofSlice(locs);
    if (typeof locs === 'number' && Number.isInteger(locs)) return Placement.ofPositions([locs]);
    if (locs instanceof NumpyArray && locs.array && (locs.array.dtype.kind === 'i' || locs.array.dtype.kind === 'u')) {
      const { data, dtype } = locs.array;
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const le = dtype.order !== '>';
      const out: number[] = [];
      for (let i = 0; i < data.length; i += dtype.itemsize) {
        out.push(dtype.itemsize === 8 ? Number(view.getBigInt64(i, le)) : dtype.itemsize === 4 ? view.getInt32(i, le) : dtype.itemsize === 2 ? view.getInt16(i, le) : view.getInt8(i));
      }
      return Placement.ofPositions(out);
    }
    return null;
  }

  /** The column positions; only called once the length is known to match a block's rows. */
  indices(): number[] {
    if (this.positions) return [...this.positions];
    return Array.from({ length: Number(this.length) }, (_, i) => Number(this.start + BigInt(i) * this.step));
  }
}

export interface PandasBlock {
  readonly values: unknown;
  readonly placement: Placement | null;
}

/** _unpickle_block(values, placement, ndim): pandas' new_block, which checks the placement's length. */
export function unpickleBlock(values: unknown, locs: unknown): PandasBlock {
  const placement = Placement.of(locs);
  if (placement && values instanceof NumpyArray && values.shape.length === 2 && BigInt(values.shape[0]!) !== placement.length) {
    refuse(`Wrong number of items passed ${values.shape[0]}, placement implies ${placement.length}`);
  }
  return { values, placement };
}

export class PandasBlockManager {
  blocks: PandasBlock[] = [];
  /** The lengths of its axes: columns (items) and rows. */
  columns = 0n;
  rows = 0n;

  /** pandas >= 1.4: BlockManager(blocks, axes), which verifies its integrity. */
  static fromReduce(blocks: unknown, axes: unknown): PandasBlockManager {
    const m = new PandasBlockManager();
    m.blocks = (Array.isArray(blocks) ? blocks : []).filter((b): b is PandasBlock => typeof b === 'object' && b !== null && 'placement' in b);
    m.setAxes(axes);
    m.verify();
    return m;
  }

  /** pandas < 1.4: NEWOBJ + BUILD with (axes, values, items, {'0.14.1': {axes, blocks}}). */
  __setstate__(state: unknown): void {
    const extra = Array.isArray(state) ? state[3] : undefined;
    const current = extra instanceof Map ? extra.get('0.14.1') : undefined;
    if (!(current instanceof Map)) return;
    const blocks = current.get('blocks');
    this.setAxes(current.get('axes'));
    this.blocks = Array.isArray(blocks) ? blocks.map((b) => (b instanceof Map ? unpickleBlock(b.get('values'), b.get('mgr_locs')) : { values: null, placement: null })) : [];
  }

  private setAxes(axes: unknown): void {
    const list = Array.isArray(axes) ? axes : [];
    this.columns = list[0] instanceof PandasIndex ? list[0].length : 0n;
    this.rows = list[1] instanceof PandasIndex ? list[1].length : 0n;
  }

  /** BlockManager._verify_integrity, and what _interleave asserts: every column filled. */
  verify(): void {
    let total = 0n;
    for (const b of this.blocks) {
      if (!b.placement) continue;
      total += b.placement.length;
      if (b.values instanceof NumpyArray && b.values.shape.length === 2 && BigInt(b.values.shape[1]!) !== this.rows) {
        refuse(`Shape of passed values is (${b.values.shape[1]}, ${b.placement.length}), indices imply (${this.rows}, ${this.columns})`);
      }
    }
    if (this.blocks.every((b) => b.placement) && total !== this.columns) {
      refuse(`Number of manager items must equal union of block items (# manager items: ${this.columns}, # tot_items: ${total})`);
    }
  }
}

/** pandas' DataFrame: its block manager. */
export class PandasFrame {
  manager: PandasBlockManager | null = null;
  __setstate__(state: unknown): void {
    const mgr = state instanceof Map ? state.get('_mgr') : undefined;
    if (mgr instanceof PandasBlockManager) this.manager = mgr;
  }
}

/** _new_Index(cls, d): the index's length from its data, or a RangeIndex's start, stop and step. */
export function indexLength(d: unknown): bigint {
  if (!(d instanceof Map)) return 0n;
  const data = d.get('data');
  if (data instanceof NumpyArray) return BigInt(data.shape[0] ?? 0);
  if (Array.isArray(data)) return BigInt(data.length);
  if (d.has('stop')) return rangeLength(int(d.get('start')) ?? 0n, int(d.get('stop')) ?? 0n, int(d.get('step')) ?? 1n);
  return 0n;
}

/** len(range(start, stop, step)); a RangeIndex with step 0 is refused as pandas refuses it. */
function rangeLength(start: bigint, stop: bigint, step: bigint): bigint {
  if (step === 0n) refuse('Step must not be zero');
  const span = step > 0n ? stop - start : start - stop;
  const by = step > 0n ? step : -step;
  return span <= 0n ? 0n : (span + by - 1n) / by;
}

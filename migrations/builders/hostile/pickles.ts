/**
 * Pickled row values that attack a value reader: each is a pickle Python's unpickler reads
 * (or refuses, as named), made with PickleOps or the project's own pickle writer.
 */
import { NdArrayValue, pickleDumps, type PyWritable } from '../../hdf5/pickle-write.ts';
import type { Dtype } from '../../hdf5/ndarray.ts';
import { OP, PickleOps } from './pickle-ops.ts';

const F8: Dtype = { kind: 'f', itemsize: 8, order: '<' };

/** The opcodes of `value` as the project's writer pickles it, without PROTO and STOP, to splice into PickleOps. */
export function opcodesOf(value: PyWritable): Uint8Array {
  const whole = pickleDumps(value);
  return whole.subarray(2, whole.length - 1);
}

/**
 * A numpy array whose shape declares `elements` float64s while its buffer holds `bytes` bytes:
 * numpy's ndarray.__setstate__ refuses it ("buffer size does not match array size").
 */
export function numpyShapeMismatch(elements: number, bytes = 8, dtype: Dtype = F8): Uint8Array {
  const data = new Uint8Array(bytes).map((_, i) => i + 1);
  return pickleDumps(new NdArrayValue({ dtype, shape: [elements], data }));
}

/** A numpy array with the given raw shape entries (negative, huge) over `bytes` bytes. */
export function numpyOddShape(shape: readonly (number | bigint)[], bytes = 8): Uint8Array {
  return pickleDumps(new NdArrayValue({ dtype: F8, shape: shape as number[], data: new Uint8Array(bytes) }));
}

/** An int of `bytes` bytes in one LONG4 (Python reads it in linear time). */
export function long4Int(bytes: number, fill = 0x5a): Uint8Array {
  const value = new Uint8Array(bytes).fill(fill);
  value[bytes - 1] = 0x3f; // positive
  return new PickleOps().long4(value).done();
}

/**
 * A list of `refs` references to one string of `chars` characters, as Python pickles
 * `[s] * refs`: the string once, then a BINGET per item, appended in batches of 1000.
 */
export function sharedStringList(chars: number, refs: number): Uint8Array {
  const ops = new PickleOps().op(OP.EMPTY_LIST, OP.BINPUT, 0, OP.MARK).str('x'.repeat(chars)).op(OP.BINPUT, 1);
  let left = refs - 1;
  let inBatch = 1;
  while (left > 0) {
    const n = Math.min(left, 1000 - inBatch);
    ops.repeat([OP.BINGET, 1], n);
    left -= n;
    ops.op(OP.APPENDS);
    if (left > 0) ops.op(OP.MARK);
    inBatch = 0;
  }
  if (refs === 1) ops.op(OP.APPENDS);
  return ops.done();
}

/** A list of `items` small ints in one APPENDS (Python's pickler batches by 1000; its unpickler takes any). */
export function oneBatchList(items: number): Uint8Array {
  return new PickleOps().op(OP.EMPTY_LIST, OP.MARK).repeat([OP.BININT1, 7], items).op(OP.APPENDS).done();
}

/** [[[...[1]...]]]: lists nested `depth` deep, as Python's unpickler builds them (iteratively). */
export function deepList(depth: number): Uint8Array {
  return new PickleOps().repeat([OP.EMPTY_LIST], depth).op(OP.BININT1, 1).repeat([OP.APPEND], depth).done();
}

/** {'a': {'a': ... {'a': 1}}} nested `depth` deep. */
export function deepDict(depth: number): Uint8Array {
  const key = new PickleOps(2).str('a').done().subarray(2, -1);
  const ops = new PickleOps();
  for (let i = 0; i < depth; i++) ops.op(OP.EMPTY_DICT).raw(key);
  return ops.op(OP.BININT1, 1).repeat([OP.SETITEM], depth).done();
}

/** Numbers in the text protocol (protocol 0's INT, LONG and FLOAT lines). */
export function textNumbers(): { pickle: Uint8Array; expected: readonly [bigint, bigint, number] } {
  const big = 123456789012345678901234567890n;
  const pickle = new PickleOps(2)
    .op(OP.MARK, OP.INT).line(String(-big))
    .op(OP.LONG).line(`${big}L`)
    .op(OP.FLOAT).line('1.0')
    .op(OP.TUPLE)
    .done();
  return { pickle, expected: [-big, big, 1] };
}

/**
 * A pandas DataFrame (pandas >= 1.4's pickle: BlockManager of _unpickle_block) whose one
 * float64 block of `rows` x 1 has its column placement as slice(start, stop, step): step 0 is
 * refused by pandas ("slice step cannot be zero").
 */
export function pandasBlockWithSlice(start: number, stop: number, step: number, rows = 2): Uint8Array {
  const values = new NdArrayValue({ dtype: F8, shape: [1, rows], data: new Uint8Array(new Float64Array(rows).fill(1.5).buffer) });
  const ops = new PickleOps();
  ops.global('pandas.core.frame', 'DataFrame').op(OP.EMPTY_TUPLE, OP.NEWOBJ);
  ops.op(OP.EMPTY_DICT).str('_mgr');
  ops.global('pandas.core.internals.managers', 'BlockManager');
  // blocks: (_unpickle_block(values, slice(start, stop, step), 2),)
  ops.global('pandas._libs.internals', '_unpickle_block');
  ops.raw(opcodesOf(values));
  ops.global('builtins', 'slice').int(start).int(stop).int(step).op(OP.TUPLE3, OP.REDUCE);
  ops.op(OP.BININT1, 2, OP.TUPLE3, OP.REDUCE, OP.TUPLE1);
  // axes: [RangeIndex(0, 1) for the one column, RangeIndex(0, rows)], as pandas pickles them
  ops.op(OP.EMPTY_LIST, OP.MARK);
  for (const stop of [1, rows]) {
    ops.global('pandas.core.indexes.base', '_new_Index').global('pandas.core.indexes.range', 'RangeIndex');
    ops.op(OP.EMPTY_DICT).str('start').int(0).op(OP.SETITEM).str('stop').int(stop).op(OP.SETITEM).str('step').int(1).op(OP.SETITEM);
    ops.op(OP.TUPLE2, OP.REDUCE);
  }
  ops.op(OP.APPENDS);
  ops.op(OP.TUPLE2, OP.REDUCE, OP.SETITEM);
  // the rest of the state pandas' NDFrame.__setstate__ looks for
  ops.str('_typ').str('dataframe').op(OP.SETITEM).str('_metadata').op(OP.EMPTY_LIST, OP.SETITEM).str('attrs').op(OP.EMPTY_DICT, OP.SETITEM);
  ops.str('_flags').op(OP.EMPTY_DICT).str('allows_duplicate_labels').op(OP.NEWTRUE, OP.SETITEM, OP.SETITEM, OP.BUILD);
  return ops.done();
}

/**
 * np.asarray of nested lists and tuples (numpy 1.24, what h5py does to a list before storing
 * it), in two walks without recursion: the first finds numpy's shape and the kinds of the
 * elements without making anything, the second fills one buffer of the result dtype. Nothing
 * is made per element (a list of 2^24 references to one value, or an array of 10^8 elements
 * inside a list, costs its result, not an object per element), and the result's size is
 * asked of the memory budget before it is made.
 */
import { needBatched } from './small-asks.ts';
import { elementCount, toLittleEndian, type Dtype, type NdArray } from './ndarray.ts';
import { MAX_DIMS, NumpyArray } from './numpy-pickle.ts';
import { BOOL, COMPLEX128, commonDtype, FLOAT64, INT64, readNumber, UINT64, writeNumber } from './np-numbers.ts';
import { scalarLeaf, type Leaf, type Storage } from './storage-kinds.ts';
import { INT64_MAX, INT64_MIN } from '../support/exact-int.ts';

const UINT64_MAX = 2n ** 64n - 1n;
const NUMERIC = 'biufc';

/** A numeric numpy array inside a list: np.asarray reads it as nested sequences of its shape. */
function numericBlock(v: unknown): NdArray | null {
  return v instanceof NumpyArray && v.array && NUMERIC.includes(v.array.dtype.kind) ? v.array : null;
}

interface Visitor {
  list(length: number, depth: number): boolean;
  leaf(value: unknown, depth: number): boolean;
  block(array: NdArray, depth: number): boolean;
}

/** Visits `root`'s items depth first, left to right, with a stack of its own; false when a visit says stop. */
function walk(root: readonly unknown[], visit: Visitor): boolean {
  if (!visit.list(root.length, 0)) return false;
  const stack: { items: readonly unknown[]; i: number }[] = [{ items: root, i: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.i >= frame.items.length) {
      stack.pop();
      continue;
    }
    const v = frame.items[frame.i++];
    const depth = stack.length;
    const block = numericBlock(v);
    if (Array.isArray(v)) {
      if (!visit.list(v.length, depth)) return false;
      stack.push({ items: v, i: 0 });
    } else if (block) {
      if (!visit.block(block, depth)) return false;
    } else if (!visit.leaf(v, depth)) return false;
  }
  return true;
}

const RAGGED = "a ragged list: Entropy's upgrade fails on it (numpy: inhomogeneous shape); it is kept as Entropy's pickle";
const TOO_DEEP = `a list nested deeper than numpy's ${MAX_DIMS} dimensions: Entropy's upgrade fails on it (numpy: the requested array would exceed the maximum number of dimensions); it is kept as Entropy's pickle`;
const UNSURE = "numpy values inside a list: kept as Entropy's pickle, Entropy itself may store an array";

/** What the first walk learns. */
class Survey implements Visitor {
  shape: number[] | null = null;
  private readonly path: number[] = [];
  tooDeep = false;
  kinds = new Set<string>();
  np: Dtype[] = [];
  intMin = 0n;
  intMax = 0n;
  textBytes = 0;
  maxBytes = 0;
  private lastText: unknown = undefined;
  private lastTextBytes = 0;

  list(length: number, depth: number): boolean {
    if (depth + 1 > MAX_DIMS) return !(this.tooDeep = true);
    if (this.shape === null) {
      this.path.push(length);
      if (length === 0) this.fix(this.path);
      return true;
    }
    return depth < this.shape.length && this.shape[depth] === length;
  }

  leaf(value: unknown, depth: number): boolean {
    if (this.shape === null) this.fix(this.path);
    if (depth !== this.shape!.length) return false;
    this.note(scalarLeaf(value));
    return true;
  }

  block(array: NdArray, depth: number): boolean {
    if (depth + array.shape.length > MAX_DIMS) return !(this.tooDeep = true);
    if (this.shape === null) this.fix([...this.path, ...array.shape]);
    const rest = this.shape!.slice(depth);
    if (rest.length !== array.shape.length || rest.some((n, i) => n !== array.shape[i])) return false;
    if (elementCount(array.shape) === 0) this.kinds.add('unsure');
    else if (!this.np.some((d) => d.kind === array.dtype.kind && d.itemsize === array.dtype.itemsize)) this.np.push(toLittleEndian({ ...array, data: new Uint8Array(0) }).dtype);
    this.kinds.add('np');
    return true;
  }

  private fix(shape: readonly number[]): void {
    this.shape = [...shape];
    // numpy makes at least a byte per element: ask before walking 10^9 shared references
    needBatched(elementCount(this.shape), 'a list read as a numpy array');
  }

  private note(leaf: Leaf): void {
    if (typeof leaf === 'string') {
      this.kinds.add(leaf);
      return;
    }
    this.kinds.add(leaf.t);
    if (leaf.t === 'np' && !this.np.some((d) => d.kind === leaf.dtype.kind && d.itemsize === leaf.dtype.itemsize)) this.np.push(leaf.dtype);
    if (leaf.t === 'int') {
      if (leaf.v < this.intMin) this.intMin = leaf.v;
      if (leaf.v > this.intMax) this.intMax = leaf.v;
    }
    if (leaf.t === 'str' || leaf.t === 'bytes') {
      // the same string met again (a memo reference) costs nothing to measure
      if (leaf.v !== this.lastText) {
        this.lastText = leaf.v;
        this.lastTextBytes = leaf.t === 'bytes' ? leaf.v.length : utf8Length(leaf.v);
      }
      this.textBytes += this.lastTextBytes;
      this.maxBytes = Math.max(this.maxBytes, this.lastTextBytes);
    }
  }
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** np.asarray(value) for a list or tuple, as h5py would store it. */
export function listStorage(value: readonly unknown[]): Storage {
  const survey = new Survey();
  const regular = walk(value, survey);
  if (survey.tooDeep) return { kind: 'original', note: TOO_DEEP };
  if (!regular) return { kind: 'original', note: RAGGED };
  const shape = survey.shape ?? [value.length];
  const count = elementCount(shape);
  const kinds = survey.kinds;
  if (kinds.has('object')) return { kind: 'original' };
  if (kinds.has('unsure')) return { kind: 'original', note: UNSURE };
  if (kinds.has('np')) return promoted(value, survey, shape);
  const only = (kind: string) => kinds.size === 1 && kinds.has(kind);
  if (shape.length > 0 && count > 0 && (only('str') || only('bytes'))) return strings(value, survey, shape, only('str') ? 'utf-8' : 'ascii');
  if (kinds.has('str')) return { kind: 'original' }; // numpy '<U': no HDF5 type in h5py
  if (kinds.has('bytes')) return { kind: 'original', note: "bytes mixed with numbers in a list: kept as Entropy's pickle, Entropy itself may store '|S' text" };
  let dtype: Dtype;
  if (kinds.has('complex')) dtype = COMPLEX128;
  else if (kinds.has('float') || count === 0) dtype = FLOAT64;
  else if (kinds.has('int')) {
    if (survey.intMin >= INT64_MIN && survey.intMax <= INT64_MAX) dtype = INT64;
    else if (survey.intMin >= 0n && survey.intMax <= UINT64_MAX) dtype = UINT64;
    else return { kind: 'original' }; // numpy: object array
  } else dtype = BOOL;
  return filled(value, dtype, shape);
}

/** np.asarray of a list holding numpy values: numpy promotes every element's dtype to one. */
function promoted(value: readonly unknown[], survey: Survey, shape: number[]): Storage {
  const unsure: Storage = { kind: 'original', note: UNSURE };
  if (survey.kinds.has('str') || survey.kinds.has('bytes')) return unsure; // numpy makes text of them
  if (survey.kinds.has('int') && (survey.intMin < INT64_MIN || survey.intMax > INT64_MAX)) return unsure;
  const python: Dtype[] = [];
  if (survey.kinds.has('int')) python.push(INT64);
  if (survey.kinds.has('float')) python.push(FLOAT64);
  if (survey.kinds.has('complex')) python.push(COMPLEX128);
  const numbers = [...survey.np, ...python].filter((d) => d.kind !== 'b');
  const dtype = numbers.length === 0 ? BOOL : commonDtype(numbers);
  // float16 has no writer here
  if (!dtype || (dtype.kind === 'f' && dtype.itemsize < 4) || (dtype.kind === 'c' && dtype.itemsize < 8)) return unsure;
  return filled(value, dtype, shape);
}

/** The second walk: every element written into one buffer of `dtype`. */
function filled(value: readonly unknown[], dtype: Dtype, shape: readonly number[]): Storage {
  const count = elementCount(shape);
  needBatched(count * dtype.itemsize, 'a list read as a numpy array');
  const out = new Uint8Array(count * dtype.itemsize);
  const view = new DataView(out.buffer);
  let next = 0;
  walk(value, {
    list: () => true,
    leaf(v) {
      const leaf = scalarLeaf(v);
      if (typeof leaf === 'string') return true;
      if (leaf.t === 'np') writeNumber(dtype, view, next++, readNumber({ dtype: leaf.dtype }, new DataView(leaf.raw.buffer, leaf.raw.byteOffset, leaf.raw.byteLength), 0));
      else if (leaf.t === 'complex') writeNumber(dtype, view, next++, [leaf.re, leaf.im]);
      else if (leaf.t === 'int') writeNumber(dtype, view, next++, [leaf.v, 0]);
      else if (leaf.t === 'float') writeNumber(dtype, view, next++, [leaf.v, 0]);
      else if (leaf.t === 'bool') writeNumber(dtype, view, next++, [Number(leaf.v), 0]);
      return true;
    },
    block(array) {
      const a = toLittleEndian(array);
      const n = elementCount(a.shape);
      if (a.dtype.kind === dtype.kind && a.dtype.itemsize === dtype.itemsize) out.set(a.data, next * dtype.itemsize);
      else {
        const from = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
        for (let i = 0; i < n; i++) writeNumber(dtype, view, next + i, readNumber(a, from, i));
      }
      next += n;
      return true;
    },
  });
  return { kind: 'array', array: { dtype, shape, data: out } };
}

/** Nested lists of only str (or only bytes): an array of variable-length strings; identical strings share their bytes. */
function strings(value: readonly unknown[], survey: Survey, shape: number[], cset: 'utf-8' | 'ascii'): Storage {
  const count = elementCount(shape);
  needBatched(survey.textBytes + count * 16, 'a list of strings');
  const encoder = new TextEncoder();
  const items: Uint8Array[] = [];
  let last: unknown = undefined;
  let lastBytes: Uint8Array = new Uint8Array(0);
  walk(value, {
    list: () => true,
    block: () => true,
    leaf(v) {
      if (v !== last) {
        last = v;
        lastBytes = typeof v === 'string' ? encoder.encode(v) : (v as Uint8Array);
      }
      items.push(lastBytes);
      return true;
    },
  });
  return { kind: 'strings', cset, shape, items };
}

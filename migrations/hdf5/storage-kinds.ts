/**
 * What h5py makes of a Python value (Storage), and of one element of a list (Leaf): the
 * vocabulary shared by h5py-storage.ts and np-asarray.ts.
 */
import { toLittleEndian, type Dtype, type NdArray } from './ndarray.ts';
import { NumpyArray, NumpyScalar } from './numpy-pickle.ts';
import { PandasFrame } from './pandas-pickle.ts';
import { PyComplex } from './pickle-read.ts';
import { PyFloat, PyLong } from './python-objects.ts';

export type Storage =
  /** h5py writes an array (a scalar dataspace when shape is []); Entropy reads a numpy scalar or ndarray. */
  | { readonly kind: 'array'; readonly array: NdArray }
  /**
   * h5py writes a variable-length UTF-8 string; Entropy reads a str. `utf8`: the text's bytes
   * as they came from SQLite, where they did (textBytes).
   */
  | { readonly kind: 'text'; readonly text: string; readonly utf8?: Uint8Array }
  /** h5py writes a variable-length ASCII string; Entropy reads bytes. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /**
   * Nested lists of only str (or only bytes): h5py's find_item_type makes them an array of
   * variable-length strings; Entropy reads an object ndarray of str (or bytes).
   */
  | { readonly kind: 'strings'; readonly cset: 'utf-8' | 'ascii'; readonly shape: readonly number[]; readonly items: readonly Uint8Array[] }
  /** h5py raises TypeError: Entropy pickles the original value (data_type Pickled). */
  | { readonly kind: 'original'; readonly note?: string };

export type Leaf =
  /** a numpy scalar inside a list: np.asarray keeps its dtype (raw bytes little-endian) */
  | { t: 'np'; dtype: Dtype; raw: Uint8Array }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex'; re: number; im: number }
  | { t: 'bytes'; v: Uint8Array }
  | { t: 'str'; v: string }
  | 'object'
  | 'unsure';

const encoder = new TextEncoder();

/**
 * A text value's UTF-8 bytes for the writer and the read-back: the row's own where it has
 * them (strict UTF-8 decodes and encodes back to the same bytes), else encoded. Encoded
 * twice per row, the bytes cost the page more than their size: Chromium frees a buffer
 * TextEncoder made only at a full collection, and through the move of a 237 MB project they
 * piled up by about 200 MB before one came (bench/results.md).
 */
export function textBytes(storage: Extract<Storage, { kind: 'text' }>): Uint8Array {
  return storage.utf8 ?? encoder.encode(storage.text);
}

const NUMERIC = 'biufc';

/** One element of a list as np.asarray sees it. */
export function scalarLeaf(v: unknown): Leaf {
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { t: 'int', v: BigInt(v) } : { t: 'float', v };
  if (v instanceof PyLong) return { t: 'int', v: v.value };
  if (v instanceof PyFloat) return { t: 'float', v: v.value };
  if (v instanceof PyComplex) return { t: 'complex', re: v.real, im: v.imag };
  if (v instanceof Uint8Array) return { t: 'bytes', v };
  if (typeof v === 'string') return { t: 'str', v };
  if (v instanceof NumpyScalar) {
    const dtype = v.dtype.dtype;
    if (dtype && v.raw && NUMERIC.includes(dtype.kind)) {
      const le = toLittleEndian({ dtype, shape: [], data: v.raw });
      return { t: 'np', dtype: le.dtype, raw: le.data };
    }
  }
  if (v instanceof NumpyScalar || v instanceof NumpyArray || v instanceof PandasFrame) return 'unsure';
  return 'object';
}

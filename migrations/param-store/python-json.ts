/**
 * JSON as Python's `json` module reads and writes it: Entropy's params.json is written by
 * `json.dumps` (tinydb's JSONStorage, and jsonpickle's json backend) with its defaults
 * (ensure_ascii, ", " and ": " separators, insertion order). JavaScript's JSON would lose what
 * those bytes say: ints beyond 2^53 (nanosecond timestamps), int versus float (`8` is not
 * `8.0` to Python), NaN/Infinity, and Python's float spelling (`1e-05`, `1.654088401e+18`).
 */
import { ParamStoreFileError } from './errors.ts';
import { strictUtf8 } from '../support/python-text.ts';

/** A Python int: a bigint (ints beyond 2^53 are common: nanosecond timestamps). */
export type PyInt = bigint;
/**
 * A Python float: a JS number. Primitives, not objects: a list of 16 million floats is then
 * 128 MB in a packed array instead of an object per float (a 200 MB params.json needed 7.9 GB).
 */
export type PyFloat = number;

/** A Python list; its identity matters to jsonpickle (shared objects become py/id references). */
export class PyList {
  constructor(public items: PyValue[] = []) {}
}

/** A Python dict: insertion-ordered string keys. */
export class PyDict {
  constructor(public entries: Map<string, PyValue> = new Map()) {}
  get(key: string): PyValue | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  set(key: string, value: PyValue): this {
    this.entries.set(key, value);
    return this;
  }
  /** Python's `dict(...)` truthiness. */
  get isEmpty(): boolean {
    return this.entries.size === 0;
  }
}

/**
 * Objects jsonpickle restores (see jsonpickle.ts): Entropy's Param, pandas' Timestamp, tuples and
 * sets, and any other tagged object, kept as its tagged dict.
 */
export class PyParam {
  constructor(
    public cls: string,
    public state: PyDict,
  ) {}
}

export class PyTimestamp {
  constructor(readonly isoformat: string) {}
}

export class PySeq {
  constructor(
    readonly tag: 'py/tuple' | 'py/set' | null,
    public items: PyValue[],
  ) {}
}

export class PyTagged {
  constructor(
    public dict: PyDict,
    /** Whether jsonpickle gives it a py/id number (objects do; bytes and type references do not). */
    readonly counted: boolean,
  ) {}
}

export type PyValue = null | boolean | string | bigint | number | PyList | PyDict | PyParam | PyTimestamp | PySeq | PyTagged;

export const int = (n: number | bigint): PyInt => BigInt(n);
export const float = (n: number): PyFloat => n;
/** Python's isinstance(v, int) for a parsed value (bool aside, which JSON keeps apart). */
export const isInt = (v: unknown): v is bigint => typeof v === 'bigint';
/** Python's isinstance(v, float) for a parsed value. */
export const isFloat = (v: unknown): v is number => typeof v === 'number';
export function dict(entries: Record<string, PyValue> | [string, PyValue][] = {}): PyDict {
  return new PyDict(new Map(Array.isArray(entries) ? entries : Object.entries(entries)));
}

// ---------------------------------------------------------------------------------------------
// Reading (json.loads)


/**
 * How deep values may nest. Entropy 0.15.9 itself stops between 300 and 500 (Python's
 * recursion limit, in json, jsonpickle or deepcopy); deeper than this, the file is refused in
 * a sentence, and every step's walk over the values stays far from the JavaScript stack's end.
 */
export const MAX_NESTING = 1000;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly path: string,
  ) {}

  fail(what: string): never {
    throw new ParamStoreFileError('PARAMS_NOT_JSON', `${this.path} is not valid JSON (${what} at character ${this.i}).`, {
      path: this.path,
      offset: this.i,
    });
  }

  whitespace(): void {
    const t = this.text;
    let i = this.i;
    for (let c = t.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = t.charCodeAt(++i));
    this.i = i;
  }

  document(): PyValue {
    this.whitespace();
    const value = this.value();
    this.whitespace();
    if (this.i !== this.text.length) this.fail('extra data');
    return value;
  }

  private word(word: string, value: PyValue): PyValue {
    if (!this.text.startsWith(word, this.i)) this.fail('expecting a value');
    this.i += word.length;
    return value;
  }

  value(): PyValue {
    const t = this.text;
    switch (t.charCodeAt(this.i)) {
      case 0x7b: return this.object(); // {
      case 0x5b: return this.array(); // [
      case 0x22: return this.string(); // "
      case 0x6e: return this.word('null', null);
      case 0x74: return this.word('true', true);
      case 0x66: return this.word('false', false);
      case 0x4e: return this.word('NaN', NaN);
      case 0x49: return this.word('Infinity', Infinity);
      case 0x2d: if (t.startsWith('-Infinity', this.i)) return this.word('-Infinity', -Infinity);
    }
    return this.number();
  }

  /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?, scanned by hand: a trace is millions of them. */
  private number(): PyValue {
    const t = this.text;
    const start = this.i;
    let i = start;
    const digits = () => {
      const from = i;
      for (let c = t.charCodeAt(i); c >= 0x30 && c <= 0x39; c = t.charCodeAt(++i));
      return i - from;
    };
    if (t.charCodeAt(i) === 0x2d) i++;
    if (t.charCodeAt(i) === 0x30) i++;
    else if (digits() === 0) this.fail('expecting a value');
    let float = false;
    if (t.charCodeAt(i) === 0x2e) {
      const dot = i++;
      if (digits() === 0) i = dot; // "1." is the int 1 followed by extra data, as in Python
      else float = true;
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      const mark = i++;
      if (t.charCodeAt(i) === 0x2b || t.charCodeAt(i) === 0x2d) i++;
      if (digits() === 0) i = mark;
      else float = true;
    }
    this.i = i;
    const text = t.slice(start, i);
    return float ? Number(text) : BigInt(text);
  }

  enter(): void {
    if (++this.depth > MAX_NESTING) {
      throw new ParamStoreFileError(
        'PARAMS_UNSUPPORTED_VALUE',
        `${this.path} nests its values more than ${MAX_NESTING} deep (at character ${this.i}); Entropy 0.15.9 cannot read it either (Python stops at its recursion limit), so it is left as it is.`,
        { path: this.path, offset: this.i },
      );
    }
  }

  object(): PyDict {
    this.enter();
    this.i++;
    const out = new PyDict();
    this.whitespace();
    if (this.text[this.i] === '}') {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.i] !== '"') this.fail('expecting a property name in double quotes');
      const key = this.string();
      this.whitespace();
      if (this.text[this.i] !== ':') this.fail("expecting ':' delimiter");
      this.i++;
      this.whitespace();
      out.entries.set(key, this.value()); // a repeated key keeps its first place and takes the last value, as in Python
      this.whitespace();
      const c = this.text[this.i++];
      if (c === '}') {
        this.depth--;
        return out;
      }
      if (c !== ',') this.fail("expecting ',' delimiter");
    }
  }

  array(): PyList {
    this.enter();
    this.i++;
    const out = new PyList();
    this.whitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.whitespace();
      out.items.push(this.value());
      this.whitespace();
      const c = this.text[this.i++];
      if (c === ']') {
        this.depth--;
        return out;
      }
      if (c !== ',') this.fail("expecting ',' delimiter");
    }
  }

  string(): string {
    const t = this.text;
    this.i++;
    let out = '';
    for (;;) {
      const start = this.i;
      while (this.i < t.length && t[this.i] !== '"' && t[this.i] !== '\\' && t.charCodeAt(this.i) >= 0x20) this.i++;
      out += t.slice(start, this.i);
      if (this.i >= t.length) this.fail('unterminated string');
      const c = t[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== '\\') this.fail('invalid control character');
      const e = t[this.i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else {
        this.fail('invalid \\escape');
      }
    }
  }
}

/** Parses a file's bytes as Python's json.load does (UTF-8; a BOM is an error there too). */
export function parsePythonJson(bytes: Uint8Array, path: string): PyValue {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ParamStoreFileError('PARAMS_NOT_JSON', `${path} is not valid JSON (it is not UTF-8 text).`, { path });
  }
  if (text.startsWith('\ufeff')) {
    throw new ParamStoreFileError('PARAMS_NOT_JSON', `${path} is not valid JSON (it starts with a byte order mark).`, { path });
  }
  return new Parser(text, path).document();
}


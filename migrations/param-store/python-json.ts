/**
 * JSON as Python's `json` module reads and writes it: Entropy's params.json is written by
 * `json.dumps` (tinydb's JSONStorage, and jsonpickle's json backend) with its defaults
 * (ensure_ascii, ", " and ": " separators, insertion order). JavaScript's JSON would lose what
 * those bytes say: ints beyond 2^53 (nanosecond timestamps), int versus float (`8` is not
 * `8.0` to Python), NaN/Infinity, and Python's float spelling (`1e-05`, `1.654088401e+18`).
 */
import { ParamStoreFileError } from './errors.ts';

export class PyInt {
  constructor(readonly value: bigint) {}
}

export class PyFloat {
  constructor(readonly value: number) {}
}

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

export type PyValue = null | boolean | string | PyInt | PyFloat | PyList | PyDict | PyParam | PyTimestamp | PySeq | PyTagged;

export const int = (n: number | bigint): PyInt => new PyInt(BigInt(n));
export const float = (n: number): PyFloat => new PyFloat(n);
export function dict(entries: Record<string, PyValue> | [string, PyValue][] = {}): PyDict {
  return new PyDict(new Map(Array.isArray(entries) ? entries : Object.entries(entries)));
}

// ---------------------------------------------------------------------------------------------
// Reading (json.loads)

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

class Parser {
  private i = 0;
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
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\t' || t[this.i] === '\n' || t[this.i] === '\r')) this.i++;
  }

  document(): PyValue {
    this.whitespace();
    const value = this.value();
    this.whitespace();
    if (this.i !== this.text.length) this.fail('extra data');
    return value;
  }

  value(): PyValue {
    const t = this.text;
    const c = t[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', new PyFloat(NaN)],
      ['Infinity', new PyFloat(Infinity)],
      ['-Infinity', new PyFloat(-Infinity)],
    ] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(t);
    if (!m) this.fail('expecting a value');
    this.i += m[0].length;
    return m[1] === undefined && m[2] === undefined ? new PyInt(BigInt(m[0])) : new PyFloat(Number(m[0]));
  }

  object(): PyDict {
    this.i++;
    const out = new PyDict();
    this.whitespace();
    if (this.text[this.i] === '}') {
      this.i++;
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
      if (c === '}') return out;
      if (c !== ',') this.fail("expecting ',' delimiter");
    }
  }

  array(): PyList {
    this.i++;
    const out = new PyList();
    this.whitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.whitespace();
      out.items.push(this.value());
      this.whitespace();
      const c = this.text[this.i++];
      if (c === ']') return out;
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

// ---------------------------------------------------------------------------------------------
// Writing (json.dumps with its defaults)

/** Python's repr(float): shortest round-trip digits, exponent below 1e-4 and from 1e16 on. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exponent);
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}.${fraction || '0'}`;
}

/** json.dumps' string: ensure_ascii escapes everything outside ' '..'~' (UTF-16 units, lower-case hex). */
export function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      out += c === 0x22 ? '\\"' : c === 0x5c ? '\\\\' : s[i];
    } else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** json.dumps(value) for a plain tree (dicts, lists, scalars); jsonpickle.ts flattens objects first. */
export function dumpsPython(value: PyValue): string {
  const parts: string[] = [];
  const write = (v: PyValue): void => {
    if (v === null) parts.push('null');
    else if (v === true) parts.push('true');
    else if (v === false) parts.push('false');
    else if (typeof v === 'string') parts.push(pythonString(v));
    else if (v instanceof PyInt) parts.push(v.value.toString());
    else if (v instanceof PyFloat) parts.push(pythonFloat(v.value));
    else if (v instanceof PyList) {
      parts.push('[');
      v.items.forEach((item, i) => {
        if (i) parts.push(', ');
        write(item);
      });
      parts.push(']');
    } else if (v instanceof PyDict) {
      parts.push('{');
      let first = true;
      for (const [k, item] of v.entries) {
        if (!first) parts.push(', ');
        first = false;
        parts.push(pythonString(k), ': ');
        write(item);
      }
      parts.push('}');
    } else {
      throw new Error('dumpsPython needs a plain tree; flatten objects with jsonpickle first');
    }
  };
  write(value);
  return parts.join('');
}

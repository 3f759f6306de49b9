/**
 * Python's `pickle.loads` (protocols 0 to 5) as one loop over opcodes, as CPython's
 * unpickler is: no recursion, so a list nested 100,000 deep loads as Python loads it; every
 * opcode costs time and memory linear in its own bytes (a 1 MB LONG4 is one BigInt parse,
 * 2^24 memo gets are 2^24 references to one value); bytes are views of the input, not copies.
 *
 * Written here rather than taken from pickleparser 0.2.1, which spreads an APPENDS batch into
 * call arguments (a batch of 130,000 items overflows the stack), reads INT, LONG and FLOAT text
 * as imprecise JS numbers, reads LONG1/LONG4 as unsigned, and stores protocol 0's DICT as
 * properties of a Map. Python values: ints are integral JS numbers (32-bit) or PyLong, floats
 * PyFloat, str string, bytes Uint8Array, tuples and lists arrays, dicts Map, sets Set; what a
 * global names comes from `globals` (numpy, pandas: pickle-read.ts), anything else is opaque.
 */
import { ascii, bigEndianFloat64, checkedLength, escapedString, pythonFloat, pythonInt, rawUnicodeEscape, signedLittleEndian, smallInt } from './pickle-literals.ts';
import { latin1Text, strictUtf8 } from '../support/python-text.ts';
import { isCallable, OpaqueObject, PickleError, PyByteArray, PyFloat, PyLong, type FindGlobal, type HasState, type PyCallable } from './python-objects.ts';

// Python 2 names that Python 3's unpickler maps for protocols below 3 (_compat_pickle).
const PY2_MODULES: Readonly<Record<string, string>> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  take(n: number): Uint8Array {
    if (n < 0 || this.at + n > this.bytes.length) throw new PickleError('the pickle data was truncated');
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  byte(): number {
    return this.take(1)[0]!;
  }
  uint(n: 2 | 4 | 8): number {
    const b = this.take(n);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
    return v;
  }
  int32(): number {
    const v = this.uint(4);
    return v >= 2 ** 31 ? v - 2 ** 32 : v;
  }
  lineBytes(): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.at);
    if (end < 0) throw new PickleError('the pickle data was truncated (a line without its end)');
    const out = this.bytes.subarray(this.at, end);
    this.at = end + 1;
    return out;
  }
  line(): string {
    return latin1Text(this.lineBytes());
  }
}

/** Unpickles `bytes` as Python's pickle.loads does; throws PickleError where Python raises. */
export function unpickle(bytes: Uint8Array, findGlobal: FindGlobal): unknown {
  const r = new Reader(bytes);
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();
  let protocol = 0;
  const pop = (): unknown => {
    if (stack.length === 0) throw new PickleError('the pickle pops from an empty stack');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new PickleError('the pickle reads an empty stack');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const outer = marks.pop();
    if (outer === undefined) throw new PickleError('the pickle has no MARK where one is needed');
    stack = outer;
    return items;
  };
  const get = (index: number): unknown => {
    if (!memo.has(index)) throw new PickleError(`the pickle refers to memo ${index}, which is not there`);
    return memo.get(index);
  };
  const global = (module: string, name: string): PyCallable => findGlobal(protocol < 3 ? (PY2_MODULES[module] ?? module) : module, name);
  const callable = (v: unknown): PyCallable => {
    if (!isCallable(v)) throw new PickleError('the pickle calls something that is not a class or function');
    return v;
  };
  const create = (cls: unknown, args: unknown): unknown => {
    const c = callable(cls);
    const list = Array.isArray(args) ? args : [];
    return c.create ? c.create(list) : c.call(list);
  };
  const append = (target: unknown, items: readonly unknown[]): void => {
    const list = Array.isArray(target) ? target : target instanceof OpaqueObject ? target.items : null;
    if (list === null) throw new PickleError('the pickle appends to something that is not a list');
    for (const item of items) list.push(item); // no spread: a batch may hold millions
  };
  const setItems = (target: unknown, items: readonly unknown[]): void => {
    const map = target instanceof Map ? target : target instanceof OpaqueObject ? target.entries : null;
    if (map === null) throw new PickleError('the pickle sets items of something that is not a dict');
    for (let i = 0; i + 1 < items.length; i += 2) map.set(items[i], items[i + 1]);
  };
  const text = (data: Uint8Array): string => {
    try {
      return strictUtf8.decode(data);
    } catch {
      throw new PickleError('a str that is not UTF-8');
    }
  };

  for (;;) {
    const opcode = r.at < bytes.length ? r.byte() : -1;
    switch (opcode) {
      case -1: throw new PickleError('the pickle data was truncated (no STOP)');
      case 0x2e: return pop(); // STOP
      case 0x80: // PROTO
        protocol = r.byte();
        if (protocol > 5) throw new PickleError(`unsupported pickle protocol: ${protocol}`);
        break;
      case 0x95: r.take(8); break; // FRAME: a hint for buffered readers
      case 0x28: marks.push(stack); stack = []; break; // MARK
      case 0x31: popMark(); break; // POP_MARK
      case 0x30: // POP
        if (stack.length === 0) popMark();
        else stack.pop();
        break;
      case 0x32: stack.push(top()); break; // DUP
      case 0x70: memo.set(Number(pythonInt(r.line(), 10)), top()); break; // PUT
      case 0x71: memo.set(r.byte(), top()); break; // BINPUT
      case 0x72: memo.set(r.uint(4), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x67: stack.push(get(Number(pythonInt(r.line(), 10)))); break; // GET
      case 0x68: stack.push(get(r.byte())); break; // BINGET
      case 0x6a: stack.push(get(r.uint(4))); break; // LONG_BINGET
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x49: { // INT: a line; "01" and "00" are True and False (protocol 0's bools)
        const line = r.line();
        if (line === '01' || line === '00') stack.push(line === '01');
        else stack.push(smallInt(pythonInt(line, 0)));
        break;
      }
      case 0x4c: stack.push(new PyLong(pythonInt(r.line().replace(/L$/, ''), 0))); break; // LONG
      case 0x4a: stack.push(r.int32()); break; // BININT
      case 0x4b: stack.push(r.byte()); break; // BININT1
      case 0x4d: stack.push(r.uint(2)); break; // BININT2
      case 0x8a: stack.push(new PyLong(signedLittleEndian(r.take(r.byte())))); break; // LONG1
      case 0x8b: { // LONG4
        const n = r.int32();
        if (n < 0) throw new PickleError('LONG pickle has negative byte count');
        stack.push(new PyLong(signedLittleEndian(r.take(n))));
        break;
      }
      case 0x46: stack.push(new PyFloat(pythonFloat(r.line()))); break; // FLOAT
      case 0x47: stack.push(new PyFloat(bigEndianFloat64(r.take(8)))); break; // BINFLOAT
      case 0x53: { // STRING
        const line = r.line();
        const quote = line[0];
        if (line.length < 2 || (quote !== '"' && quote !== "'") || line[line.length - 1] !== quote) throw new PickleError('the STRING opcode argument must be quoted');
        stack.push(escapedString(line.slice(1, -1)));
        break;
      }
      case 0x54: stack.push(ascii(r.take(checkedLength(r.int32())))); break; // BINSTRING
      case 0x55: stack.push(ascii(r.take(r.byte()))); break; // SHORT_BINSTRING
      case 0x56: stack.push(rawUnicodeEscape(r.lineBytes())); break; // UNICODE
      case 0x58: stack.push(text(r.take(r.uint(4)))); break; // BINUNICODE
      case 0x8c: stack.push(text(r.take(r.byte()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(text(r.take(r.uint(8)))); break; // BINUNICODE8
      case 0x42: stack.push(r.take(checkedLength(r.int32()))); break; // BINBYTES
      case 0x43: stack.push(r.take(r.byte())); break; // SHORT_BINBYTES
      case 0x8e: stack.push(r.take(r.uint(8))); break; // BINBYTES8
      case 0x96: stack.push(new PyByteArray(r.take(r.uint(8)))); break; // BYTEARRAY8
      case 0x97: throw new PickleError('the pickle refers to out-of-band buffers, which pickle.loads is not given'); // NEXT_BUFFER
      case 0x98: break; // READONLY_BUFFER
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: { const items = popMark(); stack.push(items); break; } // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: { const items = popMark(); stack.push(items); break; } // LIST
      case 0x61: { const item = pop(); append(top(), [item]); break; } // APPEND
      case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x64: { const items = popMark(); const map = new Map(); setItems(map, items); stack.push(map); break; } // DICT
      case 0x73: { const value = pop(); const key = pop(); setItems(top(), [key, value]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x90: { // ADDITEMS
        const items = popMark();
        const set = top();
        if (!(set instanceof Set)) throw new PickleError('the pickle adds items to something that is not a set');
        for (const item of items) set.add(item);
        break;
      }
      case 0x91: stack.push(new Set(popMark())); break; // FROZENSET
      case 0x63: { const module = r.line(); stack.push(global(module, r.line())); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new PickleError('STACK_GLOBAL requires str');
        stack.push(global(module, name));
        break;
      }
      case 0x52: { const args = pop(); const f = callable(pop()); stack.push(f.call(Array.isArray(args) ? args : [])); break; } // REDUCE
      case 0x81: { const args = pop(); stack.push(create(pop(), args)); break; } // NEWOBJ
      case 0x92: { pop(); const args = pop(); stack.push(create(pop(), args)); break; } // NEWOBJ_EX (kwargs dropped)
      case 0x69: { const module = r.line(); const cls = global(module, r.line()); stack.push(create(cls, popMark())); break; } // INST
      case 0x6f: { const items = popMark(); stack.push(create(items[0], items.slice(1))); break; } // OBJ
      case 0x62: { // BUILD
        const state = pop();
        const obj = top();
        if (typeof (obj as HasState | null)?.__setstate__ === 'function') (obj as HasState).__setstate__(state);
        else if (obj instanceof OpaqueObject) obj.state = state;
        break;
      }
      case 0x50: case 0x51: // PERSID, BINPERSID
        throw new PickleError('the pickle holds a persistent id, which pickle.loads cannot load');
      case 0x82: case 0x83: case 0x84: // EXT1, EXT2, EXT4
        throw new PickleError('the pickle names an extension code, and none is registered');
      default:
        throw new PickleError(`the pickle has an invalid load key, ${JSON.stringify(String.fromCharCode(opcode))}`);
    }
  }
}

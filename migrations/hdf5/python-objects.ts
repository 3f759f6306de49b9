/**
 * Python's values as the unpickler gives them, where JavaScript has none of its own: floats
 * that stay floats, ints beyond 32 bits, bytearrays; what a pickle's GLOBAL names (a callable,
 * an object that takes state), and the opaque stand-ins for classes nobody gave a meaning.
 */

export class PyFloat {
  constructor(readonly value: number) {}
}
export class PyLong {
  constructor(readonly value: bigint) {}
}
export class PyByteArray {
  constructor(readonly bytes: Uint8Array) {}
}

/** A pickle Python's pickle.loads refuses (or one that needs what no Entropy project has). */
export class PickleError extends Error {}

/** What a GLOBAL names: called by REDUCE, instantiated by NEWOBJ, INST and OBJ. */
export interface PyCallable {
  call(args: unknown[]): unknown;
  /** cls.__new__(cls, *args); by default the same as calling it. */
  create?(args: unknown[]): unknown;
}

/** An object BUILD gives its state to (numpy arrays, pandas frames). */
export interface HasState {
  __setstate__(state: unknown): void;
}

/** An instance of a class this reader gives no meaning to; it takes any state and items. */
export class OpaqueObject {
  state: unknown = undefined;
  readonly items: unknown[] = [];
  readonly entries = new Map<unknown, unknown>();
  constructor(
    readonly __module__: string,
    readonly __name__: string,
    readonly args: readonly unknown[] = [],
  ) {}
}

/** A global nobody gave a meaning: calling it makes an opaque instance. */
export class OpaqueGlobal implements PyCallable {
  constructor(
    readonly __module__: string,
    readonly __name__: string,
  ) {}
  call(args: unknown[]): unknown {
    return new OpaqueObject(this.__module__, this.__name__, args);
  }
}

export type FindGlobal = (module: string, name: string) => PyCallable;

export function isCallable(v: unknown): v is PyCallable {
  return typeof v === 'object' && v !== null && typeof (v as PyCallable).call === 'function';
}


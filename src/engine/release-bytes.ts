/**
 * Letting go of a big buffer now rather than at the next garbage collection. V8 frees an
 * ArrayBuffer's memory only when a collection finds it unreferenced, which for a worker that
 * allocates little else can be seconds later: a 237 MB database copy, written to disk and
 * dropped, was still counted at the page's peak beside the next one. Detaching it
 * (ArrayBuffer.prototype.transfer(0)) frees it at once (Chromium 156: 400 MB back within the
 * call). Only for bytes nobody else reads again: every view of the buffer becomes empty.
 * A buffer the browser filled (a stream's read, a message's) stays until collected all the
 * same: the browser holds it too.
 */
export function releaseBytes(bytes: Uint8Array): void {
  transferable(bytes)?.transfer(0);
}

/** Whether releaseBytes frees memory here (ArrayBuffer.prototype.transfer: browsers, not Node 20). */
export function canReleaseBytes(): boolean {
  return typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function';
}

type Transferable = ArrayBuffer & { transfer(length: number): ArrayBuffer };

/** The buffer behind `bytes` if they are all of it and the runtime can transfer it (not Node 20). */
function transferable(bytes: Uint8Array): Transferable | null {
  const buffer = bytes.buffer as ArrayBufferLike & { transfer?: unknown };
  // A view into a larger buffer (a Node Buffer from the shared pool, a slice) is not ours to free.
  if (bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength) return null;
  if (typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer) return null;
  return typeof buffer.transfer === 'function' ? (buffer as Transferable) : null;
}

/**
 * The first `length` of `bytes` in a buffer of their own, and the rest of the storage freed
 * now rather than at the next collection, where the runtime can (ArrayBuffer.transfer;
 * elsewhere a view of the first `length`). For storage nobody else holds: `bytes` is emptied.
 */
export function trimBytes(bytes: Uint8Array, length: number): Uint8Array {
  const buffer = transferable(bytes);
  return buffer ? new Uint8Array(buffer.transfer(length)) : bytes.subarray(0, length);
}

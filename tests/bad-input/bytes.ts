/** Byte-for-byte comparison that stays fast on big files (toEqual walks every element). */
export function firstDifference(a: Uint8Array, b: Uint8Array): string | null {
  if (Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0) return null;
  if (a.length !== b.length) return `lengths differ: ${a.length} vs ${b.length}`;
  const at = a.findIndex((x, i) => x !== b[i]);
  return `first difference at byte ${at}`;
}

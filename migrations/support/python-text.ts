/**
 * Bytes to text as Python decodes them, where the web's TextDecoder does otherwise. What the
 * move writes into HDF5 is read back against these decodings, so a difference here would
 * change a user's value without any check seeing it.
 */

/**
 * Python's strict 'utf-8': a leading byte order mark stays, as the character U+FEFF (only
 * 'utf-8-sig' drops it); TextDecoder drops it unless ignoreBOM is set.
 */
export const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes per String.fromCharCode call: well under engines' limits on arguments. */
const CHUNK = 8192;

/**
 * Python's 'latin-1': each byte is the code point of the same number. Not TextDecoder('latin1'),
 * which is windows-1252 in browsers (0x80 becomes '€', 0x9F 'Ÿ'); Node maps those bytes as
 * Python does, so the page alone would differ.
 */
export function latin1Text(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += CHUNK) text += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return text;
}

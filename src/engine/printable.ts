/**
 * Text from a file or an argument (a table name, a revision id, a file name, a --to value)
 * made safe to show: a terminal obeys control characters (ESC sequences set its title or
 * clear the screen), bidi overrides make a name read differently from what it is, and a
 * megabyte-long name drowns the sentence it sits in. Each is shown as a visible escape instead,
 * and the text is cut at `max` characters with an ellipsis. One helper for the CLI and the page.
 */

/** Visible stand-ins for the controls people know by name. */
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * C0 and C1 controls and DEL; bidi embeddings, overrides, isolates and marks; zero-width
 * characters, the byte-order mark and the Unicode line and paragraph separators; lone surrogates.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function escape(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  // \xNN only for C0, which never stands raw inside a JSON string; the rest as \uNNNN, which
  // reads the same in a sentence and keeps a --json document valid.
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export const ELLIPSIS = '…';

/** `text` with every unsafe character escaped, at most `max` characters long (ellipsis included). */
export function printable(text: string, max = 80): string {
  let out = '';
  let length = 0;
  // Iterating code points keeps surrogate pairs (emoji, CJK extensions) whole.
  for (const char of text) {
    const piece = UNSAFE.test(char) ? escape(char) : char;
    const pieceLength = [...piece].length;
    if (length + pieceLength > max) {
      // Room for the ellipsis: drop characters until it fits.
      const kept = [...out];
      while (kept.length + 1 > max) kept.pop();
      return `${kept.join('')}${ELLIPSIS}`;
    }
    out += piece;
    length += pieceLength;
  }
  return out;
}

/** The longest sentence the CLI prints, and the page shows, for one error. */
export const MAX_SENTENCE = 300;

/**
 * A whole sentence made printable: the last guard before a terminal or a page. Cut, it ends on
 * a whole word, and a short closing sentence ("Nothing was written.") is kept: the middle
 * (a long path, say) gives way, never what the user most needs to read.
 */
export function printableSentence(text: string): string {
  const whole = printable(text, Number.POSITIVE_INFINITY);
  if ([...whole].length <= MAX_SENTENCE) return whole;
  const end = whole.lastIndexOf('. ', whole.length - 2);
  const tail = end >= 0 && whole.endsWith('.') ? whole.slice(end + 2) : '';
  const keep = tail.length > 0 && tail.length <= MAX_SENTENCE / 4 ? tail : '';
  return keep ? `${cutOnWord(whole, MAX_SENTENCE - keep.length - 1)} ${keep}` : cutOnWord(whole, MAX_SENTENCE);
}

/** `text` cut to at most `length` characters, the ellipsis included, on a whole word where one ends near. */
function cutOnWord(text: string, length: number): string {
  const body = [...text].slice(0, length - 1).join('');
  const space = body.lastIndexOf(' ');
  // A word is cut only when the text has no space near the cut (a long path, say).
  return space > length * 0.6 ? `${body.slice(0, space)} ${ELLIPSIS}` : `${body}${ELLIPSIS}`;
}

/**
 * SQL or SQLite's words, fit for a sentence: one line, no control characters (a damaged
 * schema is quoted back with whatever bytes it holds), and not too long.
 */
export function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, ' ').replace(/\s+/g, ' ').trim();
  return printable(flat, 160);
}

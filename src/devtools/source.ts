/**
 * A small pretty-printer for the TypeScript that autogenerate and the scaffold write: values
 * stay on one line while they fit in WIDTH columns and break one entry per line (with
 * trailing commas) when they do not, the way Prettier lays out object literals, so a
 * generated migration reads like one a person wrote.
 */

export const WIDTH = 100;
export const INDENT = '  ';

export type Code =
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Code])[] }
  | { readonly kind: 'array'; readonly items: readonly Code[] }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Code[] };

export const raw = (text: string): Code => ({ kind: 'raw', text });
export const obj = (entries: readonly (readonly [string, Code])[]): Code => ({ kind: 'object', entries });
export const arr = (items: readonly Code[]): Code => ({ kind: 'array', items });
export const call = (callee: string, ...args: Code[]): Code => ({ kind: 'call', callee, args });

/** A single-quoted string literal (a template literal when the text spans lines). */
export function quote(text: string): string {
  if (text.includes('\n')) return `\`${text.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

export const str = (text: string): Code => raw(quote(text));
export const strings = (texts: readonly string[]): Code => arr(texts.map(str));

const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name));

function flat(code: Code): string {
  switch (code.kind) {
    case 'raw':
      return code.text;
    case 'object':
      return code.entries.length ? `{ ${code.entries.map(([k, v]) => `${key(k)}: ${flat(v)}`).join(', ')} }` : '{}';
    case 'array':
      return `[${code.items.map(flat).join(', ')}]`;
    case 'call':
      return `${code.callee}(${code.args.map(flat).join(', ')})`;
  }
}

/**
 * `code` laid out to start at `column`, with continuation lines at `indent`; `tail` is how
 * many characters follow it on its last line (a comma, a semicolon).
 */
export function print(code: Code, indent: string, column = indent.length, tail = 0): string {
  const oneLine = flat(code);
  if (column + oneLine.length + tail <= WIDTH || code.kind === 'raw') return oneLine;
  const inner = indent + INDENT;
  switch (code.kind) {
    case 'object':
      return `{\n${code.entries.map(([k, v]) => `${inner}${key(k)}: ${print(v, inner, inner.length + key(k).length + 2, 1)},\n`).join('')}${indent}}`;
    case 'array':
      return `[\n${code.items.map((item) => `${inner}${print(item, inner, inner.length, 1)},\n`).join('')}${indent}]`;
    case 'call': {
      // Like Prettier, keep the call on its line and let its last argument break.
      const head = `${code.callee}(${code.args.slice(0, -1).map((a) => `${flat(a)}, `).join('')}`;
      const last = code.args[code.args.length - 1]!;
      return `${head}${print(last, indent, column + head.length, tail + 1)})`;
    }
  }
}

/** `code;` as a statement at `indent`. */
export const statement = (code: Code, indent: string): string => `${indent}${print(code, indent, indent.length, 1)};`;

/** A doc comment wrapped to WIDTH, on one line when it fits. */
export function docComment(text: string, indent = ''): string {
  const single = `${indent}/** ${text} */`;
  if (single.length <= WIDTH) return single;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + 3 + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join('\n');
}

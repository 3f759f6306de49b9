/**
 * Everything the CLI prints passes through here on its way to the terminal: names and paths
 * from a file or an argument are quoted short and escaped where they are put in a sentence
 * (shownPath, and printable() in the engine's errors), and as a last guard every line written
 * is escaped again, so no control sequence or bidi override reaches the terminal, whatever
 * forgot to quote it. Line breaks and tabs the CLI itself writes (usage, --json, SQL) stay as they are.
 */
import { printable, printableSentence } from '../engine/index.ts';

/** The longest a path is quoted inside a sentence. */
const PATH_CHARS = 80;

export const shownPath = (path: string): string => printable(path, PATH_CHARS);

/** A path in a report of what was done: escaped, and only as long as a path can be. */
export const printedPath = (path: string): string => printable(path, 4096);

/**
 * A sentence the engine or a project made (a step's note, a warning naming a label): one line,
 * whatever it quotes, so a label holding a line break cannot start a line of its own (and
 * look like one of entropy-migrate's).
 */
export const sentenceLine = (text: string): string => printable(text, 2000);

/** One error sentence, escaped and at most 300 characters. */
export const errorSentence = (text: string): string => printableSentence(text);

/**
 * Each line escaped, tabs kept (the sql command's script is indented with them); no length
 * cap (stdout carries --json documents and SQL scripts).
 */
function escapedLines(text: string): string {
  const unlimited = Number.POSITIVE_INFINITY;
  return text
    .split('\n')
    .map((line) => line.split('\t').map((part) => printable(part, unlimited)).join('\t'))
    .join('\n');
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** `io` with every line escaped before it is written. */
export function guarded(io: Io): Io {
  return {
    out: (line) => io.out(escapedLines(line)),
    err: (line) => io.err(escapedLines(line)),
  };
}

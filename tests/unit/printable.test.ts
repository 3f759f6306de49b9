import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE, printable, printableSentence } from '../../src/engine/index.ts';

describe('printable', () => {
  it('leaves ordinary text, accents, CJK and emoji alone', () => {
    expect(printable('Experiments — Qubit T1 µs 実験 🧪')).toBe('Experiments — Qubit T1 µs 実験 🧪');
  });

  it('escapes terminal controls: ESC sequences, BEL, newline, tab, DEL and C1', () => {
    expect(printable('a\u001b]0;owned\u0007\u001b[2Jb\nc\td\u007fe\u0085f\u009bg')).toBe(
      'a\\x1b]0;owned\\x07\\x1b[2Jb\\nc\\td\\u007fe\\u0085f\\u009bg',
    );
  });

  it('neutralises bidi overrides, isolates and marks, zero-width characters and line separators', () => {
    expect(printable('\u202eevil\u202c \u2066x\u2069 \u200f\u061c \u200b \ufeff \u2028')).toBe(
      '\\u202eevil\\u202c \\u2066x\\u2069 \\u200f\\u061c \\u200b \\ufeff \\u2028',
    );
  });

  it('escapes lone surrogates but keeps pairs whole', () => {
    expect(printable('a\ud800b\udc00c😀')).toBe('a\\ud800b\\udc00c😀');
  });

  it('caps the length with an ellipsis, counting escapes, never splitting a character', () => {
    expect(printable('a'.repeat(1_000_000), 40)).toBe(`${'a'.repeat(39)}…`);
    expect(printable('😀'.repeat(50), 10)).toBe(`${'😀'.repeat(9)}…`);
    expect([...printable('\u001b'.repeat(100), 20)]).toHaveLength(20);
    expect(printable('exactly ten', 11)).toBe('exactly ten');
  });

  it('makes a sentence of at most 300 characters', () => {
    const sentence = printableSentence(`No revision "${'\u001b[2J'.repeat(1000)}" is known.`);
    expect([...sentence].length).toBe(MAX_SENTENCE);
    expect(sentence.endsWith('…')).toBe(true);
  });

  it('cuts a long sentence on a whole word', () => {
    const sentence = printableSentence(`Cannot write "x": EACCES: permission denied, open ${'word '.repeat(80)}end.`);
    expect([...sentence].length).toBeLessThanOrEqual(MAX_SENTENCE);
    expect(sentence).toMatch(/ word …$/);
  });

  it('keeps a short closing sentence when the middle (a long path) must give way', () => {
    const sentence = printableSentence(`/${'deep/'.repeat(80)}hdf5 is a symbolic link to /${'far/'.repeat(40)}hdf5; an upgrade in place never writes through a link. Nothing was written.`);
    expect([...sentence].length).toBeLessThanOrEqual(MAX_SENTENCE);
    expect(sentence).toMatch(/… Nothing was written\.$/);
  });
});

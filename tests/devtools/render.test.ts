/** The code printer and the style check the generated-code tests rely on. */
import { describe, expect, it } from 'vitest';
import { OpRenderer } from '../../src/devtools/render.ts';
import { arr, call, obj, print, quote, str } from '../../src/devtools/source.ts';
import { styleProblems } from './code-style.ts';

describe('the code printer', () => {
  it('keeps what fits on one line, and breaks the rest one entry per line with trailing commas', () => {
    const short = call('op.dropColumn', str('T'), str('c'));
    expect(print(short, '')).toBe(`op.dropColumn('T', 'c')`);
    const long = call('op.addColumn', str('Experiments'), obj([['name', str('x'.repeat(60))], ['columns', arr([str('a'), str('b')])]]));
    expect(print(long, '    ')).toBe(`op.addColumn('Experiments', {\n      name: '${'x'.repeat(60)}',\n      columns: ['a', 'b'],\n    })`);
  });

  it('quotes strings so they survive', () => {
    expect(quote(`it's \\ here`)).toBe(`'it\\'s \\\\ here'`);
    expect(quote('two\nlines ${x} `q`')).toBe('`two\nlines \\${x} \\`q\\``');
  });

  it('writes types with the engine helpers where one fits, and literally otherwise', () => {
    const renderer = new OpRenderer();
    const lines = renderer.block(
      [{ kind: 'addColumn', table: 'T', column: { name: 'n', type: 'NUMERIC(10, 2)' } }],
      '',
    );
    expect(lines[1]).toBe(`op.addColumn('T', { name: 'n', type: 'NUMERIC(10, 2)' });`);
    expect(renderer.usesTypes).toBe(false);
    renderer.block([{ kind: 'addColumn', table: 'T', column: { name: 's', type: 'VARCHAR(8)' } }], '');
    expect(renderer.usesTypes).toBe(true);
  });
});

describe('the style check', () => {
  it('finds odd indentation, tabs, long lines, unused imports and a missing final newline', () => {
    const bad = `import { a, b } from 'x';\n   odd();\n\ttab(a);\nconst long = ${'1 + '.repeat(30)}1;`;
    expect(styleProblems(bad)).toEqual([
      'line 2: indented by 3',
      'line 3: a tab',
      'line 4: 135 columns',
      'the file must end with exactly one newline',
      'unused import b',
    ]);
  });
});

/** Checks that generated TypeScript reads as a person would write it. */
import { WIDTH } from '../../src/devtools/source.ts';

/** Every problem found, as "line N: what"; [] for tidy code. */
export function styleProblems(source: string): string[] {
  const problems: string[] = [];
  const lines = source.split('\n');
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (/\t/.test(line)) problems.push(`${at}: a tab`);
    if (/\s$/.test(line)) problems.push(`${at}: trailing whitespace`);
    const indent = /^ */.exec(line)![0].length;
    if (line.trim() && indent % 2 !== 0 && !line.trimStart().startsWith('*')) problems.push(`${at}: indented by ${indent}`);
    // A string literal cannot be broken, so only a lone long string may pass the width.
    if (line.length > WIDTH && !/^\s+\w+: '[^']*',$/.test(line)) problems.push(`${at}: ${line.length} columns`);
  });
  if (!source.endsWith('\n') || source.endsWith('\n\n')) problems.push('the file must end with exactly one newline');
  for (const match of source.matchAll(/^import (?:type )?\{([^}]*)\} from/gm)) {
    for (const spec of match[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const name = spec.split(/\s+as\s+/).pop()!.replace(/^type\s+/, '');
      const uses = source.split('\n').filter((l) => !l.startsWith('import ') && new RegExp(`\\b${name}\\b`).test(l));
      if (!uses.length) problems.push(`unused import ${name}`);
    }
  }
  return problems;
}

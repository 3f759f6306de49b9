/**
 * `--to -1` is how people write a relative target (Alembic's -1, +2); parseArgs would read -1
 * as an option. Shared by the command lines of the tool and of the developer tools.
 */
export function joinRelativeTargets(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--to' && /^-\d+$/.test(argv[i + 1] ?? '')) out.push(`--to=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}


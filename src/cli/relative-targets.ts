/** `--to -1` is how people write a relative target; parseArgs would read -1 as an option. */
export function joinRelativeTargets(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--to' && /^-\d+$/.test(argv[i + 1] ?? '')) out.push(`--to=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}


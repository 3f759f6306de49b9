/**
 * One oracle case: an old project is upgraded once by Entropy's own `entropy upgrade` and
 * three times by entropy-migrate (--in-place; into the default new folder; into -o), then
 * Entropy 0.15.9 views each result and compare-views says whether a user would see any
 * difference.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compare, fingerprint, kit, migrate, OUR_BACKUPS, view, type Ran, type View } from './kit.ts';

export interface OracleCase {
  readonly name: string;
  /** Writes the old project into `dir` (which does not exist yet). */
  readonly make: (dir: string) => Promise<void> | void;
  /** A bare database inside the folder ('lab.db'): upgraded with --project into <folder>/lab. */
  readonly bareDb?: string;
}

export const MODES = ['--in-place', 'new folder (default DIR.upgraded)', 'new folder (-o)'] as const;
export type Mode = (typeof MODES)[number];

export interface CaseOutcome {
  readonly entropy: Ran;
  readonly ours: Record<Mode, Ran>;
  /** compare-views of Entropy's result with each of ours: '' when the same. */
  readonly diffs: Record<Mode, string>;
  readonly entropyView: View;
  readonly ourViews: Record<Mode, View>;
  /** The source of the new-folder runs, before and after: a new folder leaves it as it was. */
  readonly sourceBefore: Record<string, string>;
  readonly sourceAfter: Record<string, string>;
  /** When --in-place had nothing to do: the files/folders Entropy's result has and ours has not, and the reverse. */
  readonly inPlaceNoOp: { readonly missing: readonly string[]; readonly extra: readonly string[] } | null;
  /** --in-place: the files Entropy's result has and ours has not, and the reverse, leaving out entropy-migrate's backups. */
  readonly inPlaceFiles: { readonly missing: readonly string[]; readonly extra: readonly string[] };
  /** --in-place then `restore`: the folder, byte for byte (to compare with sourceBefore); null when restore failed. */
  readonly restored: Record<string, string> | null;
  readonly restoreRun: Ran;
  readonly ms: number;
}

/** A bare database's original as --in-place keeps it beside its new folder (lab.bak.<from>.db), under its own name. */
function keptBareDb(folder: string, bare: string): Record<string, string> {
  const stem = bare.replace(/\.db$/, '');
  const [kept] = Object.entries(fingerprint(folder)).filter(([p]) => p.startsWith(`${stem}.bak.`) && p.endsWith('.db'));
  return kept ? { [bare]: kept[1] } : {};
}

export async function runCase(c: OracleCase, work: string): Promise<CaseOutcome> {
  const started = performance.now();
  const dir = join(work, c.name);
  mkdirSync(dir, { recursive: true });
  const orig = join(dir, 'orig');
  await c.make(orig);
  const sourceBefore = fingerprint(orig);
  const copy = (name: string) => {
    const to = join(dir, name);
    cpSync(orig, to, { recursive: true });
    return to;
  };
  const [entropyDir, inPlaceDir, defaultDir] = [copy('entropy'), copy('in-place'), copy('default')];
  const outDir = join(dir, 'out');

  const bare = c.bareDb;
  const target = (folder: string) => (bare ? join(folder, bare) : folder);
  const project = (folder: string) => (bare ? join(folder, basename(bare).replace(/\.db$/, '')) : folder);
  const projectFlag = bare ? ['--project'] : [];

  const [entropy, inPlace, byDefault, explicit] = await Promise.all([
    kit('entropy-upgrade', target(entropyDir)),
    migrate('upgrade', target(inPlaceDir), '--in-place', ...projectFlag),
    migrate('upgrade', target(defaultDir), ...projectFlag),
    migrate('upgrade', target(orig), '-o', outDir, ...projectFlag),
  ]);
  const ours: Record<Mode, Ran> = { [MODES[0]]: inPlace, [MODES[1]]: byDefault, [MODES[2]]: explicit } as Record<Mode, Ran>;
  // Without --in-place a folder goes to DIR.upgraded, a bare lab.db to lab/ beside it.
  const outputs: Record<Mode, string> = {
    [MODES[0]]: project(inPlaceDir),
    [MODES[1]]: bare ? project(defaultDir) : `${defaultDir}.upgraded`,
    [MODES[2]]: outDir,
  } as Record<Mode, string>;
  const sourceAfter = fingerprint(orig);

  const json = (name: string) => join(dir, `${name}.view.json`);
  const [entropyView, ...views] = await Promise.all([
    view(project(entropyDir), json('entropy')),
    ...MODES.map((m, i) => view(outputs[m], json(`ours-${i}`))),
  ]);
  // --in-place with nothing to do writes nothing, not even the empty .entropy/hdf5/ that
  // Entropy's upgrade makes (and that Entropy makes itself when it opens the project): that
  // one folder is then the only difference allowed, checked here and by the caller.
  const noOp = /nothing written/.test(inPlace.out);
  // --in-place keeps the originals in .entropy/entropy-migrate-backups (for restore), which
  // Entropy never reads: the file lists are compared below without it, the rest as it is.
  const fileLists = ['files_before_open', 'files_after_view'];
  const diffs = await Promise.all(MODES.map((_, i) => compare(json('entropy'), json(`ours-${i}`), ...(i === 0 ? fileLists : []))));
  const listed = (v: View) => ((v as { files_before_open?: string[] }).files_before_open ?? []).filter((f) => !f.startsWith(OUR_BACKUPS));
  const missingInPlace = listed(entropyView).filter((f) => !listed(views[0]!).includes(f));
  const extraInPlace = listed(views[0]!).filter((f) => !listed(entropyView).includes(f));
  // And the way back: restore gives the original project, byte for byte. A bare database that
  // became a folder is kept beside it instead (IN.bak.<from>.db), as one upgraded in place.
  // With nothing to do, --in-place wrote nothing and kept no backup: the folder is the original.
  const restoreRun: Ran = bare || noOp ? { code: 0, out: '', err: '', ms: 0 } : await migrate('restore', inPlaceDir);
  const restored = restoreRun.code !== 0 ? null : bare ? keptBareDb(inPlaceDir, bare) : fingerprint(inPlaceDir);
  return {
    entropy,
    ours,
    diffs: Object.fromEntries(MODES.map((m, i) => [m, diffs[i]!])) as Record<Mode, string>,
    entropyView,
    ourViews: Object.fromEntries(MODES.map((m, i) => [m, views[i]!])) as Record<Mode, View>,
    sourceBefore,
    sourceAfter,
    inPlaceNoOp: noOp ? { missing: missingInPlace, extra: extraInPlace } : null,
    inPlaceFiles: { missing: missingInPlace, extra: extraInPlace },
    restored,
    restoreRun,
    ms: performance.now() - started,
  };
}

/** What a call of a view returned, or its exception as text. */
export const callOf = (v: View, call: string) => v.calls[call];

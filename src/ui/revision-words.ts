/**
 * Each of Entropy's revisions in words for the scientist who owns the data: a title, one line
 * on what it means for their data, and what undoing it deletes. Kept in the page, keyed by
 * revision, until the project's definition carries them. The migration scripts' own
 * message/summary stay the technical account (shown under "Details").
 */
import type { TableCount } from '../engine/index.ts';
import type { DataFacts } from '../worker/api.ts';
import { plural } from './format.ts';

/** What a sentence may draw on: the file's counts. */
export interface FileCounts {
  readonly tables: readonly TableCount[];
  /** null until the worker has counted (older worker answers lack them). */
  readonly facts: DataFacts | null;
}

export function rowsIn(counts: FileCounts, table: string): number | null {
  return counts.tables.find((t) => t.name === table)?.rows ?? null;
}

interface Words {
  /** What the upgrade step does, as a title. */
  readonly title: string;
  /** One line on what it means for the user's data. */
  readonly explain: (counts: FileCounts) => string;
  /** The downgrade step's title. */
  readonly undo: string;
  /** What the downgrade step deletes or sets aside, a sentence each; [] when nothing. */
  readonly loses: (counts: FileCounts) => string[];
  /** What the downgrade step means when it deletes nothing. */
  readonly undoNote?: string;
  /** For a step that changes only params.json: what it does there, in a few words. */
  readonly params?: string;
}

const PARAMS_NOTE = 'Entropy rewrites the parameter file (params.json) at this step; the database itself does not change, and this page leaves params.json as it is.';

const paramStep = (title: string, undo: string, params: string): Words => ({
  title,
  explain: () => PARAMS_NOTE,
  undo,
  loses: () => [],
  undoNote: PARAMS_NOTE,
  params,
});

const ENTROPY_TABLES = ['Experiments', 'Results', 'ExperimentMetadata', 'Nodes', 'Plots', 'Debug', 'Resources', 'ResourcesSnapshots'];

const WORDS: Record<string, Words> = {
  '1318a586f31d': {
    title: "Set up Entropy's storage",
    explain: () => 'Makes room for experiments, results, metadata, nodes, plots and resources where the file lacks it; data already there is kept.',
    undo: "Remove all of Entropy's storage",
    loses: (c) => {
      const rows = ENTROPY_TABLES.reduce((n, t) => n + (rowsIn(c, t) ?? 0), 0);
      return [`Deletes every experiment, result, metadata entry, node, plot and resource: ${plural(rows, 'row')} in all.`];
    },
  },
  '04ae19b32c08': {
    title: 'Mark where each result is kept',
    explain: () => 'Each result and metadata entry gets a mark saying whether its data is also in an HDF5 file; all start as kept only in this database.',
    undo: 'Remove the marks of where results are kept',
    loses: (c) => {
      const results = c.facts?.resultsInHdf5 ?? 0;
      const metadata = c.facts?.metadataInHdf5 ?? 0;
      if (results + metadata === 0) return ['Deletes the marks saying which results are also kept in HDF5 files (none is set in this file).'];
      return [`Deletes the marks saying that ${plural(results, 'result')} and ${plural(metadata, 'metadata entry', 'metadata entries')} are also kept in HDF5 files; the entries themselves stay.`];
    },
  },
  f1ada2484fe2: {
    title: 'Add a place for figures',
    explain: () => 'Entropy 0.5.1 and later keep the figures of experiments there.',
    undo: 'Remove saved figures',
    loses: (c) => [`Deletes every saved figure: ${plural(rowsIn(c, 'Figures') ?? 0, 'figure')}.`],
  },
  '9ffd2ba0d5bf': {
    title: 'Renumber the nodes of experiments',
    explain: () => "Each node of an experiment's graph gets a number of its own; the old numbers, and a copy of the old list, are kept.",
    undo: 'Go back to the old node list',
    loses: (c) => [
      `Sets aside the current node list (${plural(rowsIn(c, 'Nodes') ?? 0, 'node')}) and brings back the copy kept at the upgrade; nodes recorded since then are not in that copy.`,
    ],
  },
  '06140c96c8c4': paramStep('Parameters: each value gets an expiration', 'Parameters: undo the expirations', 'values get an expiration'),
  '7fa75ca1263f': {
    title: 'Remove results already kept in HDF5 files',
    explain: (c) => {
      const results = c.facts?.resultsInHdf5 ?? 0;
      const metadata = c.facts?.metadataInHdf5 ?? 0;
      const total = rowsIn(c, 'Results');
      const staying = total === null ? null : total - results;
      if (results + metadata === 0) return 'None in this file: every result stays in the database.';
      return (
        `${plural(results, 'result')} and ${plural(metadata, 'metadata entry', 'metadata entries')} leave the database; their data stays in the project's HDF5 files (.entropy/hdf5).` +
        (staying ? ` The other ${plural(staying, 'result')} stay${staying === 1 ? 's' : ''}.` : '')
      );
    },
    undo: 'Step back over the removal of results',
    loses: () => [],
    undoNote: "Changes nothing in the file: results removed at the upgrade do not come back (Entropy's own upgrade kept them in entropy.bak.7fa75ca1263f.db).",
  },
  '273a9fae6206': {
    title: 'Let experiments be marked as favorites',
    explain: () => 'Entropy 0.15.0 and later let you mark experiments; none is marked yet.',
    undo: 'Remove favorite marks',
    loses: (c) => {
      const marked = c.facts?.favorites ?? 0;
      return [marked ? `Deletes the favorite mark of every experiment (${plural(marked, 'experiment')} marked).` : 'Deletes the favorite marks (none is set in this file).'];
    },
  },
  '09f3b5a1689c': paramStep('Parameters: fix the names of stored parameter types', 'Parameters: undo the name fix', 'type names are fixed'),
  '997e336572b8': paramStep('Parameters: store times in the newer format', 'Parameters: undo the newer time format', 'times are stored in a newer format'),
};

/** Words for a revision this page has none for (one added after this page was written). */
function fallback(revision: string, message: string): Words {
  return { title: message || revision, explain: () => 'A revision this page has no description for; see Details.', undo: `Undo ${message || revision}`, loses: () => [] };
}

export interface StepWords {
  readonly title: string;
  readonly explain: string;
}

/** The words for one step of a plan, up or down. */
export function stepWords(step: { readonly revision: string; readonly direction: 'upgrade' | 'downgrade'; readonly message: string }, counts: FileCounts): StepWords {
  const words = WORDS[step.revision] ?? fallback(step.revision, step.message);
  if (step.direction === 'upgrade') return { title: words.title, explain: words.explain(counts) };
  const lost = words.loses(counts);
  return { title: words.undo, explain: lost.length ? lost.join(' ') : (words.undoNote ?? 'Deletes nothing.') };
}

/** What a downgrade step deletes or sets aside, a sentence each. */
export function deletedBy(revision: string, counts: FileCounts): string[] {
  return (WORDS[revision] ?? fallback(revision, '')).loses(counts);
}

/** The title alone, for the progress list. */
export function stepTitle(revision: string, direction: 'upgrade' | 'downgrade', message: string): string {
  const words = WORDS[revision] ?? fallback(revision, message);
  return direction === 'upgrade' ? words.title : words.undo;
}

/** One line of the plan's short list: one step, or the parameter-file steps together. */
export interface PlanItem {
  readonly revisions: readonly string[];
  readonly title: string;
  readonly explain: string;
}

/**
 * The plan in a few lines: each step that changes the database, and the steps that change
 * only params.json as one line where the first of them comes (the same sentence three times
 * over said nothing new).
 */
export function planItems(steps: readonly { readonly revision: string; readonly direction: 'upgrade' | 'downgrade'; readonly message: string }[], counts: FileCounts): PlanItem[] {
  const items: PlanItem[] = [];
  const params = steps.filter((s) => WORDS[s.revision]?.params);
  for (const step of steps) {
    if (!WORDS[step.revision]?.params) {
      items.push({ revisions: [step.revision], ...stepWords(step, counts) });
    } else if (step === params[0]) {
      const what = params.map((p) => WORDS[p.revision]!.params!);
      const up = step.direction === 'upgrade';
      items.push({
        revisions: params.map((p) => p.revision),
        title: params.length === 1 ? stepWords(step, counts).title : `Parameters (${params.length} steps)`,
        explain: `${up ? 'Entropy rewrites the parameter file (params.json)' : 'Entropy undoes its changes to the parameter file (params.json)'}${params.length === 1 ? '' : `: ${what.join('; ')}`}. The database does not change at ${params.length === 1 ? 'this step' : 'these steps'}, and this page leaves params.json as it is.`,
      });
    }
  }
  return items;
}

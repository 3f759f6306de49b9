/**
 * The plan in a few lines, in the words each revision brings with it (its title and its
 * explanation, counted on the file by the worker): one line per step that changes the
 * database, and the steps that change only one of the project's other files together, where
 * the first of them comes (the same sentence three times over said nothing new).
 */
import type { PlannedStep } from '../engine/index.ts';

/** One line of the plan's short list: one step, or the steps on one project file together. */
export interface PlanItem {
  readonly revisions: readonly string[];
  readonly title: string;
  readonly explain: string;
}

const NO_WORDS = 'A revision this page has no description for; see Details.';

/** "Parameters" when every title reads "Parameters: …", else null. */
function sharedTopic(titles: readonly string[]): string | null {
  const topics = new Set(titles.map((t) => (t.includes(': ') ? t.slice(0, t.indexOf(': ')) : null)));
  const [topic] = [...topics];
  return topics.size === 1 && topic ? topic : null;
}

function fileOnly(step: PlannedStep): string | null {
  return !step.changesDatabase && step.changesProjectFiles ? step.changesProjectFiles : null;
}

/**
 * `whole`: the plan is for a whole project folder, so the steps on one of its files change
 * that file, and the first step's explanation (counted on the file) says what it holds.
 */
export function planItems(steps: readonly PlannedStep[], whole = false): PlanItem[] {
  const items: PlanItem[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    const file = fileOnly(step);
    if (!file) {
      items.push({ revisions: [step.revision], title: step.title, explain: step.explanation ?? NO_WORDS });
      continue;
    }
    if (seen.has(file)) continue;
    seen.add(file);
    const group = steps.filter((s) => fileOnly(s) === file);
    if (group.length === 1) {
      items.push({ revisions: [step.revision], title: step.title, explain: step.explanation ?? NO_WORDS });
      continue;
    }
    const topic = sharedTopic(group.map((s) => s.title));
    const what = group.map((s) => (topic ? s.title.slice(topic.length + 2) : s.title));
    items.push({
      revisions: group.map((s) => s.revision),
      title: `${topic ?? file} (${group.length} steps)`,
      explain: whole
        ? `In ${file}: ${what.join('; ')}. ${group[0]!.explanation ?? ''}`.trim()
        : `In ${file}: ${what.join('; ')}. The database does not change at these steps.`,
    });
  }
  return items;
}

/** What a downgrade deletes, a sentence each, for its confirmation. */
export function lossesOf(steps: readonly PlannedStep[]): string[] {
  return steps.flatMap((s) => s.losses);
}

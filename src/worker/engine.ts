/**
 * The engine in the page's worker, for one project: sql.js loaded once and kept as a promise,
 * and every database it opens kept to the page's memory budget (budget.ts).
 */
import { budgetedOpener, Migrator, type DbBudget, type ProjectDefinition } from '../engine/index.ts';
import { browserOpener } from '../sqljs/browser.ts';
import { meterThePageBudget, overPageBudget } from './budget.ts';
import { reply, type Reply } from './protocol.ts';

export class PageEngine {
  /** `hit` is per call: budgeted() clears it. */
  private readonly budget: DbBudget;
  private loading: Promise<Migrator> | null = null;

  constructor(
    private readonly project: ProjectDefinition,
    memory: Pick<DbBudget, 'megabytes' | 'growthMegabytes'>,
  ) {
    this.budget = { ...memory, hit: false };
    // The worker serves one page: its meter stays for the worker's life.
    meterThePageBudget(this.budget);
    // sql.js loads (fetch and compile half a second of wasm) while the page waits for a file,
    // rather than after one is chosen. A failure here is told by the first call that needs it.
    this.migrator().catch(() => undefined);
  }

  migrator(): Promise<Migrator> {
    const loading = (this.loading ??= browserOpener().then((opener) => new Migrator(budgetedOpener(opener, this.budget), this.project)));
    // A failed load is not kept (as loadOnce does): the next call tries again.
    loading.catch(() => (this.loading = null));
    return loading;
  }

  /** reply() for calls that open or run a database: a hit of the budget is said as one. */
  budgeted<T>(work: () => Promise<T>): Promise<Reply<T>> {
    this.budget.hit = false;
    return reply(() => work().catch((error: unknown) => Promise.reject(overPageBudget(this.budget, error))));
  }
}

/**
 * The page's states and what moves between them. Views are rebuilt from the state on every
 * change (they are small); only the progress panel is updated in place during a run. After
 * each change the focus goes to what is new (a banner, else the view's heading), so that
 * keyboard and screen-reader users are never left on <body>.
 */
import { MigrateError } from '../engine/errors.ts';
import { printable } from '../engine/printable.ts';
import type { Hashes, Opened, PageProject, PlanView } from '../worker/api.ts';
import type { WorkerBridge } from './bridge.ts';
import { h, replaceChildren } from './dom.ts';
import { doneView, receiptLink, type DoneLinks } from './done.ts';
import { Downloads } from './downloads.ts';
import { outputName } from './format.ts';
import { pickedFile, pickerView, type Picked } from './picker.ts';
import { planView } from './plan-view.ts';
import { asMigrateError, failedRun, noticeView, type Notice } from './notice.ts';
import { directoryPicker, type ProjectDeliveryHandlers } from './project-delivery.ts';
import { folderPickerId, rowNoun } from './project-words.ts';
import { busyView, progressPanel, type ProgressPanel } from './progress.ts';
import { receiptText, type ReceiptFacts } from './receipt.ts';

type Phase =
  | { readonly kind: 'start' }
  | { readonly kind: 'busy'; readonly label: string }
  | { readonly kind: 'ready' }
  | { readonly kind: 'running'; readonly panel: ProgressPanel }
  | { readonly kind: 'done'; readonly facts: ReceiptFacts; readonly links: DoneLinks; readonly run: number };

export class App {
  private phase: Phase = { kind: 'start' };
  private picked: Picked | null = null;
  private opened: Opened | null = null;
  private view: PlanView | null = null;
  /**
   * The project, as the worker describes it; until it has, there is nothing to open (the page
   * names no project itself), so the picker waits for it: the worker's first answer comes
   * before sql.js or any file work has loaded.
   */
  private about: PageProject | null = null;
  private notice: Notice | null = null;
  /** The done view's file was downloaded (else leaving the page asks first). */
  private delivered = false;
  private readonly downloads = new Downloads();

  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: WorkerBridge,
  ) {
    bridge.project().then(
      (about) => {
        this.about = about;
        this.render(false);
      },
      (error: unknown) => this.fail(error, { kind: 'start' }, null),
    );
  }

  /** The project, once the worker has said which it is: what a drop is read for. */
  get project(): PageProject | null {
    return this.about;
  }

  get running(): boolean {
    return this.phase.kind === 'running' || this.phase.kind === 'busy';
  }

  /** A result on screen that was not downloaded, or a run under way: leaving would lose it. */
  get unsaved(): boolean {
    return (this.phase.kind === 'done' && !this.delivered) || this.phase.kind === 'running';
  }

  private set(phase: Phase, notice: Notice | null = null): void {
    this.phase = phase;
    this.notice = notice;
    this.render();
  }

  private fail(error: unknown, phase: Phase, title: string | null): void {
    const e = asMigrateError(error);
    const note = e.code === 'CANCELLED';
    this.set(phase, { tone: note ? 'note' : 'error', title: note ? null : title, error: e });
  }

  /** Forgets the file shown and its downloads, before another is opened. */
  private clear(): void {
    this.downloads.revokeAll();
    this.opened = null;
    this.view = null;
    this.picked = null;
  }

  async open(picking: Promise<Picked>): Promise<void> {
    this.clear();
    this.set({ kind: 'busy', label: 'Reading the database…' });
    let name: string | null = null;
    try {
      const picked = await picking;
      name = picked.folder ? `${printable(picked.name)} from "${printable(picked.folder)}"` : printable(picked.name);
      this.picked = picked;
      this.set({ kind: 'busy', label: `Reading ${name}…` });
      const opened = await this.bridge.inspect(picked.file, picked.project);
      this.opened = opened;
      this.view = opened.preview;
      this.set({ kind: 'ready' });
    } catch (error) {
      // No inspection, so nothing to run and nothing to download: only the message.
      this.opened = null;
      this.fail(error, { kind: 'start' }, name ? `Could not open ${name}` : null);
    }
  }

  /**
   * An interrupted upgrade in place: with write access to the folder (asked for here, on the
   * click), the worker completes or undoes it as every CLI command does first.
   */
  settle(): void {
    const choosing = directoryPicker()!({ mode: 'readwrite', id: folderPickerId(this.about!) });
    this.set({ kind: 'busy', label: 'Completing or undoing the interrupted upgrade…' });
    choosing
      .then((root) => this.bridge.settle(root))
      .then(
        (sentence) => {
          const said = sentence ?? 'That folder holds no interrupted upgrade.';
          this.set({ kind: 'start' }, { tone: 'note', title: null, error: new MigrateError('SETTLED', `${said} Open the project folder again to upgrade it.`) });
        },
        (error: Error) =>
          error.name === 'AbortError'
            ? this.set({ kind: 'start' }, { tone: 'note', title: null, error: new MigrateError('CANCELLED', 'No folder chosen; nothing was changed.') })
            : this.fail(error, { kind: 'start' }, 'Could not complete or undo the interrupted upgrade'),
      );
  }

  async openSample(): Promise<void> {
    const about = this.about!;
    const what = about.words?.contents[0];
    const few = (what && rowNoun(about, what)?.[1]) ?? 'rows';
    this.clear();
    this.set({ kind: 'busy', label: `Building a sample database as ${about.sample?.writtenBy ?? about.name} wrote them, with a few ${few}…` });
    try {
      const sample = await this.bridge.sample();
      await this.open(pickedFile(sample.file, sample.name));
    } catch (error) {
      this.fail(error, { kind: 'start' }, 'Could not build the sample');
    }
  }

  private async choose(target: string): Promise<void> {
    if (!this.picked) return;
    try {
      this.view = await this.bridge.plan(this.picked.file, target);
      this.set({ kind: 'ready' });
    } catch (error) {
      this.fail(error, { kind: 'ready' }, `Could not plan for ${target}`);
    }
  }

  private async run(): Promise<void> {
    const { picked, view, about } = this;
    if (!picked || !view || !about) return;
    this.downloads.revokeAll();
    const panel = progressPanel(view.plan, () => this.cancel());
    this.set({ kind: 'running', panel });
    try {
      const outcome = await this.bridge.migrate(picked.file, view.plan.direction, view.target, (event) => panel.update(event));
      const { file, ...rest } = outcome;
      const facts: ReceiptFacts = {
        projectName: about.name,
        inputName: picked.name,
        inputSize: picked.file.size,
        outputName: outputName(picked.name, outcome.result.direction, picked.folder !== null),
        outputSize: file.size,
        outcome: rest,
        hashes: null,
        when: new Date(),
      };
      const receiptName = `${facts.outputName.replace(/\.[^.]*$/, '')}.receipt.txt`;
      const links: DoneLinks = {
        // The worker made the Blob; the page never holds the new file's bytes.
        database: this.downloads.add(file),
        receipt: null,
        receiptName,
      };
      const done = { kind: 'done', facts, links, run: outcome.run } as const;
      this.delivered = false;
      this.set(done);
      void this.completeReceipt(done, outcome.run);
    } catch (error) {
      this.fail(error, { kind: 'ready' }, `The ${view.plan.direction} of ${printable(picked.name)} did not finish`);
    }
  }

  /**
   * The receipt, once the worker has hashed the input and the new file (after the download
   * was offered: hashing twice the file's size would otherwise hold it back). If hashing
   * fails, the receipt is offered without the hashes, as where WebCrypto is missing.
   */
  private async completeReceipt(done: Extract<Phase, { kind: 'done' }>, run: number): Promise<void> {
    let hashes: Hashes;
    try {
      // The worker hashes only when asked: asking once the done view has been drawn keeps
      // the hashing from competing with that drawing for the CPU.
      await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      hashes = await this.bridge.hashes(run);
    } catch {
      hashes = { inputSha256: null, outputSha256: null };
    }
    // The user may have moved on (another run, another file) while the hashes were computed.
    if (this.phase !== done) return;
    const facts: ReceiptFacts = { ...done.facts, hashes };
    const links: DoneLinks = { ...done.links, receipt: this.downloads.add(new Blob([receiptText(facts)], { type: 'text/plain;charset=utf-8' })) };
    this.phase = { kind: 'done', facts, links, run: done.run };
    this.root.querySelector('[data-receipt]')?.replaceWith(receiptLink(links));
  }

  /**
   * Moves focus (for screen readers) to what just appeared and scrolls it into view only as
   * far as needed, in the next frame: focusing and scrolling force a layout, which done at
   * once would join the drawing of a whole new view in one task (up to 116 ms at 1 GB, when
   * the browser is busy taking in the new file's Blob), instead of leaving it to the frame's
   * own update. "nearest" keeps a plan that fits the window where it is, Upgrade in sight.
   */
  private bringIntoView(target: HTMLElement | null): void {
    requestAnimationFrame(() => {
      if (!target?.isConnected) return;
      target.focus({ preventScroll: true });
      const motion = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
      target.scrollIntoView({ block: 'nearest', behavior: motion });
    });
  }

  /** The zip and the write-back of a whole-project run, both done by the worker. */
  private projectHandlers(run: number, folder: string): ProjectDeliveryHandlers {
    return {
      onZip: async () => {
        const zip = await this.bridge.zip(run);
        const name = `${folder}.upgraded.zip`;
        const link = h('a', { href: this.downloads.add(zip), download: name, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        return name;
      },
      onWriteBack: (root) => this.bridge.writeBack(run, root),
    };
  }

  cancel(): void {
    this.bridge.cancel();
  }

  private render(focus = true): void {
    const { phase, picked, opened, view, about } = this;
    const started = opened !== null || phase.kind === 'done';
    const picker = this.running || !about ? null : pickerView({ project: about, onPick: (p) => void this.open(p), onSample: () => void this.openSample() }, started);
    const notice = this.notice ? noticeView(this.notice, () => this.settle()) : null;
    let body: HTMLElement | null = null;
    if (phase.kind === 'busy') body = busyView(phase.label, () => this.cancel());
    else if (phase.kind === 'running') body = phase.panel.element;
    else if (phase.kind === 'done' && about) {
      body = doneView(phase.facts, phase.links, picked?.folder ?? null, about, {
        onBack: () => this.set({ kind: 'ready' }),
        onDownload: () => (this.delivered = true),
        project: picked?.project && picked.folder ? this.projectHandlers(phase.run, picked.folder) : null,
      });
    } else if (phase.kind === 'ready' && picked && opened && view && about) {
      body = planView(picked, opened, view, about, { onRun: () => void this.run(), onTarget: (t) => void this.choose(t), failedRun: failedRun(this.notice) });
    }
    // Once a file is open the plan or result comes first and "open another" after it.
    replaceChildren(this.root, notice, body, picker);
    if (!focus) return;
    const first = notice ?? body?.querySelector<HTMLElement>('h2[tabindex]') ?? picker?.querySelector<HTMLElement>('h2[tabindex]') ?? null;
    this.bringIntoView(first);
  }
}

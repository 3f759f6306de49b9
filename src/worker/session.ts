/**
 * The file the page opened last, held between calls: the File (a handle, not its bytes), the
 * project folder that came with it, and the checked copy that inspection opened. The run takes
 * that copy, so a big file is read and checked once, not once to show the plan and again to
 * run it (at 250 MB that second pass was a third of the run). The copy is the file's size in
 * memory while the plan is on screen, which the run needs anyway. A second run reads the file
 * afresh; a plan asked for after a run does too, and keeps that copy for the next run.
 */
import type { Migrator, OpenedCopy } from '../engine/index.ts';
import type { PickedFolder } from './project-folder.ts';
import { readOwned } from './read-file.ts';

export interface OpenFile {
  readonly file: Blob;
  copy: OpenedCopy | null;
  readonly folder: PickedFolder | null;
}

export class Session {
  private current: OpenFile | null = null;

  /** Keeps an inspected file and its checked copy, for the plan and the run. */
  hold(open: OpenFile): void {
    this.current = open;
  }

  loaded(): OpenFile {
    if (!this.current) throw new Error('No database is open in the worker; open one first.');
    return this.current;
  }

  /** Lets go of the inspected file and its copy (a new file replaces it). */
  forget(): void {
    this.current?.copy?.db.close();
    this.current = null;
  }

  /**
   * The inspected file's checked copy: the one inspection opened if no run has taken it yet,
   * else a fresh one, kept in turn. The bytes read are referenced only by sql.js, which lets
   * them go when VACUUM moves the file to smaller storage.
   */
  async keptCopy(engine: Migrator): Promise<OpenedCopy> {
    const state = this.loaded();
    state.copy ??= engine.openCopy(await readOwned(state.file));
    return state.copy;
  }

  /** The checked copy for a run, which closes it: no longer kept. */
  async takeCopy(engine: Migrator): Promise<OpenedCopy> {
    const copy = await this.keptCopy(engine);
    this.loaded().copy = null;
    return copy;
  }
}

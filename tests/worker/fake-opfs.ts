/**
 * A small in-memory stand-in for the parts of OPFS and Web Locks the page's run staging uses
 * (src/worker/run-staging.ts), for unit tests in Node, which has neither. It keeps the rules
 * that matter: one synchronous handle per file at a time, a file's Blob is a snapshot, a
 * folder is removed with what is in it only when asked recursively, and a lock held is not
 * available to `ifAvailable`.
 */
import type { Locks, StagingDirectory, SyncHandle } from '../../src/worker/run-staging.ts';

export class FakeFile {
  bytes = new Uint8Array(0);
  open = false;
  /** When set, a write past this many bytes fails as a full disk does. */
  room = Infinity;
}

export class FakeDirectory implements StagingDirectory {
  readonly entries = new Map<string, FakeDirectory | FakeFile>();

  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FakeDirectory> {
    let found = this.entries.get(name);
    if (!found && options?.create) this.entries.set(name, (found = new FakeDirectory()));
    if (!(found instanceof FakeDirectory)) throw new DOMException(`No folder ${name}`, 'NotFoundError');
    return found;
  }

  async getFileHandle(name: string, options?: { create?: boolean }) {
    let found = this.entries.get(name);
    if (!found && options?.create) this.entries.set(name, (found = new FakeFile()));
    if (!(found instanceof FakeFile)) throw new DOMException(`No file ${name}`, 'NotFoundError');
    const file = found;
    return {
      async createSyncAccessHandle(): Promise<SyncHandle> {
        if (file.open) throw new DOMException('Locked', 'NoModificationAllowedError');
        file.open = true;
        return {
          read(buffer, { at }) {
            const part = file.bytes.subarray(at, at + buffer.length);
            buffer.set(part);
            return part.length;
          },
          write(buffer, { at }) {
            if (at + buffer.length > file.room) throw new DOMException('Quota exceeded', 'QuotaExceededError');
            if (at + buffer.length > file.bytes.length) {
              const grown = new Uint8Array(at + buffer.length);
              grown.set(file.bytes);
              file.bytes = grown;
            }
            file.bytes.set(buffer, at);
            return buffer.length;
          },
          flush() {},
          close() {
            file.open = false;
          },
        };
      },
      async getFile(): Promise<Blob> {
        return new Blob([file.bytes.slice()]);
      },
    };
  }

  async removeEntry(name: string, options?: { recursive?: boolean }): Promise<void> {
    const found = this.entries.get(name);
    if (!found) throw new DOMException(`No entry ${name}`, 'NotFoundError');
    if (found instanceof FakeDirectory && found.entries.size && !options?.recursive) throw new DOMException('Not empty', 'InvalidModificationError');
    if (found instanceof FakeDirectory && [...found.entries.values()].some((e) => e instanceof FakeFile && e.open)) throw new DOMException('In use', 'NoModificationAllowedError');
    this.entries.delete(name);
  }

  async *keys(): AsyncIterable<string> {
    yield* [...this.entries.keys()];
  }
}

/** Web Locks, exclusive only, in one process. */
export class FakeLocks implements Locks {
  readonly held = new Set<string>();

  async request<T>(name: string, options: { ifAvailable?: boolean }, work: (lock: unknown) => Promise<T>): Promise<T> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return work(null);
      throw new Error(`The fake waits for no lock: ${name} is held.`);
    }
    this.held.add(name);
    try {
      return await work({ name });
    } finally {
      this.held.delete(name);
    }
  }
}

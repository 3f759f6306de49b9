/**
 * A folder the user chose with write access (File System Access API) as the folder commit
 * sees it (engine: CommitFolder): the same journal, backup and recovery as the CLI's disk.
 * What the API cannot do is done the next safest way: a file is moved with move() where the
 * browser has it and otherwise copied and then removed (the journal covers either), a backup
 * is a copy (no hard links here), and flushing to the disk is the browser's (a writable's
 * close() replaces the file at once). The API shows no symbolic links: they are files or
 * folders to it.
 */
import type { CommitFolder, EntryKind, FileStamp } from '../engine/index.ts';
import { Sha256 } from './sha256.ts';
import { readPieces } from './read-file.ts';

const PIECE = 8 * 2 ** 20;

type Movable = FileSystemFileHandle & { move?: (dir: FileSystemDirectoryHandle, name: string) => Promise<void> };

const nameOf = (path: string) => path.split('/').pop()!;
const isMissing = (error: unknown) => (error as DOMException)?.name === 'NotFoundError' || (error as DOMException)?.name === 'TypeMismatchError';

export function handleFolder(root: FileSystemDirectoryHandle, shown: string): CommitFolder<Blob> {
  const dirOf = async (path: string, create: boolean): Promise<FileSystemDirectoryHandle> => {
    let dir = root;
    for (const part of path.split('/').slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
    return dir;
  };
  const folderAt = async (path: string, create = false): Promise<FileSystemDirectoryHandle | null> => {
    if (!path) return root;
    try {
      return await (await dirOf(path, create)).getDirectoryHandle(nameOf(path), { create });
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  };
  const fileAt = async (path: string): Promise<FileSystemFileHandle | null> => {
    try {
      return await (await dirOf(path, false)).getFileHandle(nameOf(path));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  };
  const write = async (path: string, data: Blob | Uint8Array) => {
    const handle = await (await dirOf(path, true)).getFileHandle(nameOf(path), { create: true });
    const stream = await handle.createWritable({ keepExistingData: false });
    try {
      await stream.write(data as Blob);
      await stream.close();
    } catch (error) {
      await stream.abort().catch(() => undefined);
      throw error;
    }
  };
  const removeEntry = async (path: string, recursive: boolean) => {
    const parent = await folderAt(path.split('/').slice(0, -1).join('/'));
    if (!parent) return;
    try {
      await parent.removeEntry(nameOf(path), { recursive });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  };
  return {
    shown,
    async kind(path): Promise<EntryKind | null> {
      if ((await fileAt(path)) !== null) return 'file';
      return (await folderAt(path)) !== null ? 'folder' : null;
    },
    async stamp(path): Promise<FileStamp> {
      const file = await (await fileAt(path))!.getFile();
      const hash = new Sha256();
      const size = await readPieces(file, PIECE, (piece) => (hash.update(piece), true));
      return { size, sha256: hash.hex() };
    },
    async readText(path) {
      const handle = await fileAt(path);
      return handle ? (await handle.getFile()).text() : null;
    },
    create: write,
    async rename(from, to) {
      const handle = (await fileAt(from)) as Movable;
      if (typeof handle.move === 'function') {
        try {
          await handle.move(await dirOf(to, true), nameOf(to));
          return;
        } catch (error) {
          // Some browsers move only inside their private file system: copy instead.
          if ((await fileAt(from)) === null) throw error;
        }
      }
      // No move() here: the copy replaces `to` at once on close(), then the original goes.
      await write(to, await handle.getFile());
      await removeEntry(from, false);
    },
    async keepCopy(from, to) {
      await write(to, await (await fileAt(from))!.getFile());
    },
    remove: (path) => removeEntry(path, false),
    removeTree: (path) => removeEntry(path, true),
    async removeEmptyFolder(path) {
      try {
        await removeEntry(path, false);
        return true;
      } catch {
        return false;
      }
    },
    makeFolder: async (path) => void (await folderAt(path, true)),
    async list(path) {
      const dir = await folderAt(path);
      const names: string[] = [];
      if (dir) for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    },
    syncFolder: async () => undefined,
  };
}

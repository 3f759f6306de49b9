/**
 * The part of the engine's ProjectFiles (the staged project folder) this folder uses, declared
 * here so that it depends on the engine's public index only; ProjectFiles satisfies it.
 */
export interface ProjectFiles {
  exists(path: string): boolean;
  read(path: string): Uint8Array | null;
  write(path: string, content: Uint8Array | string): void;
  move(from: string, to: string): void;
}

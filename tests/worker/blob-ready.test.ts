import { describe, expect, it } from 'vitest';
import { MigrateError } from '../../src/engine/errors.ts';
import { whenReadable } from '../../src/worker/blob-ready.ts';

/** A Blob whose bytes the browser lost, as Chromium's of about 1 GB sometimes are. */
class BrokenBlob extends Blob {
  constructor(private readonly claimed: number) {
    super([]);
  }

  override get size(): number {
    return this.claimed;
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return new ReadableStream({
      pull(controller) {
        controller.error(new DOMException('The requested file could not be read', 'NotReadableError'));
      },
    });
  }
}

describe('whenReadable', () => {
  it('hands back a Blob whose bytes can be read', async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])]);
    await expect(whenReadable(blob)).resolves.toBe(blob);
  });

  it('turns a Blob the browser could not keep into OUT_OF_MEMORY with a sentence that says what to do', async () => {
    const error = await whenReadable(new BrokenBlob(1_048_576_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe('OUT_OF_MEMORY');
    expect((error as MigrateError).message).toContain('(1,000 MB)');
    expect((error as MigrateError).message).toContain('Close other tabs and try again, or use the command-line entropy-migrate');
    expect((error as MigrateError).data).toMatchObject({ detail: expect.stringContaining('NotReadableError'), sizeBytes: 1_048_576_000 });
  });
});

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the embedded store keeps attachment bytes: files on disk, or memory in tests. */
export interface AttachmentBlobs {
  /** Stores the bytes under `id`; either all of them become visible or none. */
  write(id: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when there are none under `id`. */
  read(id: string): Promise<Uint8Array | null>;
  remove(id: string): Promise<void>;
}

// Ids become file names: nothing that could climb out of the directory or hide as a temp file.
const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Whether `id` may name an attachment file. */
export function isSafeAttachmentId(id: string): boolean {
  return SAFE_ID.test(id) && !id.endsWith('.tmp');
}

/**
 * One file per attachment in `dir` (created if missing). A write goes to a temp file in the
 * same directory, is flushed to disk, then renamed over the final name, so a crash leaves
 * either the whole file or none.
 */
export function directoryBlobs(dir: string): AttachmentBlobs {
  mkdirSync(dir, { recursive: true });
  return {
    async write(id, bytes) {
      const temp = join(dir, `.${id}.${randomUUID()}.tmp`);
      try {
        const handle = await open(temp, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, join(dir, id));
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async read(id) {
      try {
        return new Uint8Array(await readFile(join(dir, id)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(id) {
      await rm(join(dir, id), { force: true });
    },
  };
}

/** Attachment bytes in a Map, for `{ memory: true }` stores. Copies in and out. */
export function memoryBlobs(): AttachmentBlobs {
  const blobs = new Map<string, Uint8Array>();
  return {
    async write(id, bytes) {
      blobs.set(id, bytes.slice());
    },
    async read(id) {
      return blobs.get(id)?.slice() ?? null;
    },
    async remove(id) {
      blobs.delete(id);
    },
  };
}

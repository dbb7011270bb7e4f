import { LIMITS } from '@fankui/core';
import { describe, expect, it } from 'vitest';
import { setup } from '../tests/support/setup';
import type { FileAdapter } from './adapters/types';
import { createAttachments } from './attachments';

const random = async (length: number) => new Uint8Array(length);
const png = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/png' });

describe('attachments', () => {
  it('supported: true with a file adapter; without one, add rejects with unsupported', async () => {
    expect(setup().client.attachments.supported).toBe(true);
    const none = setup({ files: undefined }).client.attachments;
    expect(none.supported).toBe(false);
    await expect(none.add(png(10))).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('add answers the local id, the size and the uri of the kept copy, when the adapter has one', async () => {
    const kept = new Map<string, unknown>();
    const files: FileAdapter = {
      persist: async (source, id) => (kept.set(id, source), { size: 68, uri: `wxfile://usr/fankui-${id}` }),
      remove: async (id) => void kept.delete(id),
      upload: async () => Promise.reject(new Error('not here')),
    };
    const shot = await createAttachments(files, random, undefined as never, undefined as never).add('wxfile://tmp/a.png');
    expect(shot).toEqual({ id: expect.stringMatching(/^local-/), size: 68, uri: `wxfile://usr/fankui-${shot.id}` });
    expect([...kept.keys()]).toEqual([shot.id]);
    // The memory adapter keeps no addressable copy.
    expect((await setup().client.attachments.add(png(10))).uri).toBeUndefined();
  });

  it('refuses a file over the limit and forgets its copy', async () => {
    const { client, files } = setup();
    await expect(client.attachments.add(png(LIMITS.attachmentMaxBytes + 1))).rejects.toMatchObject({ code: 'attachment_refused' });
    expect(files.files.size).toBe(0);
  });
});

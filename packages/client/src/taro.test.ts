import { DEFAULT_FORM } from '@fankui/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeBackend } from '../tests/support/fake-backend';
import { fakeIndexedDB } from '../tests/support/fake-indexeddb';
import { createFakeWx, TINY_PNG } from '../tests/support/fake-wx';
import { StorageFullError } from './errors';
import { createTaroClient, taroNetwork, taroStorage } from './taro';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('Taro adapters', () => {
  it('settle Taro’s returned promises, so failures leave no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const taro = createFakeWx({ style: 'taro', totalMaxBytes: 1_000 });
    const storage = taroStorage(taro);
    expect(await storage.get('missing')).toBeNull();
    await expect(storage.set('k', 'x'.repeat(2_000))).rejects.toBeInstanceOf(StorageFullError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('network status works the same over Taro', async () => {
    const taro = createFakeWx({ style: 'taro', networkType: '4g' });
    expect(await taroNetwork(taro).current()).toEqual({ online: true, type: '4g' });
  });
});

describe('createTaroClient', () => {
  it.each([
    ['WEAPP', 'weapp'],
    ['WEB', 'h5'],
    ['ALIPAY', 'alipay'],
    ['TT', 'tt'],
    ['SOMETHING', 'other'],
  ])('takes its platform from Taro.getEnv() (%s → %s) and queues in Taro storage', async (env, platform) => {
    const taro = createFakeWx({ style: 'taro', env, networkType: 'none', language: 'en', pages: ['pages/me/index'] });
    const client = createTaroClient({ taro, endpoint: 'https://feedback.example.com', form: DEFAULT_FORM });
    const receipt = await client.submit({ category: 'suggestion', description: 'Please add a dark mode' }, { shareContext: true });
    expect(receipt.ack.message).toBe('Received — we are on it and will reply within 24 hours');
    const stored = JSON.parse(taro.storage.get(`fankui:q:${receipt.localId}`) as string);
    expect(stored.submission.context).toMatchObject({ platform, locale: 'en-US', pagePath: 'pages/me/index' });
    client.close();
  });
});

describe('createTaroClient on a Taro object without the wx-shaped APIs', () => {
  it('refuses clearly on H5, where Taro injects its APIs at call sites, pointing to createWebClient', () => {
    // What `import Taro from '@tarojs/taro'` holds at run time in a Taro H5 build.
    const taro = { getEnv: () => 'WEB', getCurrentPages: () => [] } as unknown as Parameters<typeof createTaroClient>[0]['taro'];
    expect(() => createTaroClient({ taro, endpoint: 'https://feedback.example.com', form: DEFAULT_FORM })).toThrow(/createWebClient/);
  });
});

describe('createTaroClient attachments', () => {
  it('weapp: copies picked images into USER_DATA_PATH and answers that path as the uri', async () => {
    const taro = createFakeWx({ style: 'taro', env: 'WEAPP', networkType: 'none' });
    const client = createTaroClient({ taro, endpoint: 'https://feedback.example.com', form: DEFAULT_FORM });
    expect(client.attachments.supported).toBe(true);
    const shot = await client.attachments.add(taro.addTempFile(TINY_PNG));
    expect(shot.uri).toBe(`wxfile://usr/fankui-${shot.id}`);
    expect(taro.files.has(shot.uri!)).toBe(true);
    client.close();
  });

  it('H5: keeps picked files in IndexedDB and uploads them through Taro.request’s transport, without probing the file system', async () => {
    vi.stubGlobal('indexedDB', fakeIndexedDB());
    const taro = createFakeWx({ style: 'taro', env: 'WEB' });
    const probe = vi.spyOn(taro, 'getFileSystemManager');
    const backend = createFakeBackend();
    const client = createTaroClient({ taro, endpoint: 'https://feedback.example.com', form: DEFAULT_FORM, transport: backend.transport });
    expect(client.attachments.supported).toBe(true);
    const shot = await client.attachments.add(new Blob([TINY_PNG], { type: 'image/png' }));
    expect(shot.uri).toMatch(/^blob:/);
    await client.submit({ category: 'malfunction', description: '页面打不开了', screenshots: [shot.id] });
    await client.flush();
    expect([...backend.attachments.values()]).toEqual([{ bytes: TINY_PNG.byteLength, type: 'image/png' }]);
    expect([...backend.submissions.values()][0]!.submission.context.platform).toBe('h5');
    expect(probe).not.toHaveBeenCalled();
    client.close();
  });

  it('H5 without IndexedDB: attachments are not supported', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const taro = createFakeWx({ style: 'taro', env: 'WEB', networkType: 'none' });
    const probe = vi.spyOn(taro, 'getFileSystemManager');
    const client = createTaroClient({ taro, endpoint: 'https://feedback.example.com', form: DEFAULT_FORM });
    expect(client.attachments.supported).toBe(false);
    await expect(client.attachments.add(new Blob([TINY_PNG]))).rejects.toMatchObject({ code: 'unsupported' });
    expect(probe).not.toHaveBeenCalled();
    client.close();
  });
});

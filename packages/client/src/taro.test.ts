import { DEFAULT_FORM } from '@fankui/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeWx } from '../tests/support/fake-wx';
import { StorageFullError } from './errors';
import { createTaroClient, taroNetwork, taroStorage } from './taro';

afterEach(() => vi.restoreAllMocks());

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
    const receipt = await client.submit({ category: 'suggestion', description: 'Please add a dark mode' });
    expect(receipt.ack.message).toBe('Received — we are on it and will reply within 24 hours');
    const stored = JSON.parse(taro.storage.get(`fankui:q:${receipt.localId}`) as string);
    expect(stored.submission.context).toMatchObject({ platform, locale: 'en-US', pagePath: 'pages/me/index' });
    client.close();
  });
});

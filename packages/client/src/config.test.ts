import { DEFAULT_FORM, suggestSelfHelp } from '@fankui/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answer } from '../tests/support/fake-backend';
import { ANSWERS, setup } from '../tests/support/setup';
import { KEYS } from './storage-keys';

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00.000Z') }));
afterEach(() => vi.useRealTimers());

const remote = {
  form: { ...DEFAULT_FORM, version: 7 },
  sla: { firstResponseMinutes: { high: 10, medium: 60, low: 600 }, resolutionMinutes: { high: 60, medium: 600, low: 6000 } },
};

describe('config.get', () => {
  it('falls back to the bundled form when the server is unreachable', async () => {
    const { client, backend } = setup();
    backend.breakDown();
    expect(await client.config.get()).toEqual({ form: DEFAULT_FORM, sla: null, source: 'bundled' });
  });

  it('uses the remote config, caches it with its ETag and revalidates with If-None-Match', async () => {
    const { client, backend, data } = setup({ online: false });
    await client.ready();
    backend.next(answer(200, remote, { etag: '"v7"' }));
    expect(await client.config.get()).toEqual({ ...remote, source: 'remote' });
    expect(backend.requests[0]!.headers.authorization).toBeUndefined(); // a public route
    expect(JSON.parse(data.get(KEYS.config)!)).toEqual({ etag: '"v7"', config: remote });
    backend.next(answer(304));
    expect(await client.config.get()).toEqual({ ...remote, source: 'remote' });
    expect(backend.requests[1]!.headers['if-none-match']).toBe('"v7"');
    backend.next('network');
    expect(await client.config.get()).toEqual({ ...remote, source: 'cache' });
  });

  it('ignores a config that looks wrong, keeping the last good one', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next(answer(200, remote));
    await client.config.get();
    for (const wrong of [{ form: { ...DEFAULT_FORM, fields: [] }, sla: remote.sla }, { form: DEFAULT_FORM }, { form: { ...DEFAULT_FORM, fields: [{ id: 'x', kind: 'hologram', label: { 'zh-CN': 'x' } }] }, sla: remote.sla }, '<html>']) {
      backend.next(answer(200, wrong));
      expect(await client.config.get()).toMatchObject({ form: { version: 7 }, source: 'cache' });
    }
  });

  it('brings the operators\' FAQ (selfHelp) for suggestions, keeps it offline, and refuses one that is no list', async () => {
    const faq = [{ id: 'refund_time', categories: ['payment'], title: { 'zh-CN': '退款多久到账？' }, body: { 'zh-CN': '1-3 个工作日原路退回。' } }];
    const first = setup({ online: false });
    await first.client.ready();
    first.backend.next(answer(200, { ...remote, selfHelp: faq }, { etag: '"v8"' }));
    expect((await first.client.config.get()).selfHelp).toEqual(faq);
    expect(suggestSelfHelp({ category: 'payment' }, first.client.config.current().selfHelp).map((article) => article.id)).toEqual(['refund_time']);
    first.client.close();
    // After a restart, offline: the cached FAQ, not core's built-in articles.
    const second = setup({ online: false, data: first.data });
    await second.client.ready();
    expect(second.client.config.current()).toMatchObject({ selfHelp: faq, source: 'cache' });
    // Without one, core's built-in articles apply (selfHelp absent).
    second.backend.next(answer(200, remote, { etag: '"v9"' }));
    expect((await second.client.config.get()).selfHelp).toBeUndefined();
    expect(suggestSelfHelp({ category: 'payment' }, second.client.config.current().selfHelp).length).toBeGreaterThan(0);
    // A FAQ that is no list makes the whole answer unusable: the last good config stays.
    second.backend.next(answer(200, { ...remote, selfHelp: { id: 'x' } }));
    expect(await second.client.config.get()).toEqual({ ...remote, source: 'cache' });
  });

  it('brings the known-issue notices of open alerts, drops them when the server does, and refuses notices that are no list', async () => {
    const notices = [{ id: 'al_01kbf4m3qv2x8c5n7d9e0f1g2h', category: 'payment', text: '支付通道异常，正在修复，已扣款项将自动退回' }];
    const { client, backend } = setup({ online: false });
    await client.ready();
    backend.next(answer(200, { ...remote, notices }, { etag: '"v10"' }));
    expect((await client.config.get()).notices).toEqual(notices);
    // The alert closed: the next config has none.
    backend.next(answer(200, remote, { etag: '"v11"' }));
    expect((await client.config.get()).notices).toBeUndefined();
    backend.next(answer(200, { ...remote, notices: { id: 'x' } }));
    expect(await client.config.get()).toEqual({ ...remote, source: 'cache' });
  });

  it('submissions use the current form and its SLA promise, also after a restart', async () => {
    const first = setup({ online: false });
    await first.client.ready();
    first.backend.next(answer(200, remote, { etag: '"v7"' }));
    await first.client.config.get();
    const receipt = await first.client.submit(ANSWERS);
    expect(receipt.ack.message).toBe('已收到，正在处理中，我们将在 10 分钟内回复');
    first.client.close();
    const second = setup({ online: false, data: first.data });
    const again = await second.client.submit(ANSWERS);
    const stored = JSON.parse(second.data.get(`${KEYS.itemPrefix}${again.localId}`)!);
    expect(stored.submission.form).toEqual({ id: 'feedback', version: 7 });
    expect(stored.dueAt).toBe('2026-11-23T08:10:00.000Z');
  });
});

describe('config.current', () => {
  it('answers at once: the bundled form, then the cached config once storage is loaded, then what get() brought', async () => {
    const first = setup({ online: false });
    expect(first.client.config.current()).toEqual({ form: DEFAULT_FORM, sla: null, source: 'bundled' });
    first.backend.next(answer(200, remote, { etag: '"v7"' }));
    await first.client.config.get();
    expect(first.client.config.current()).toEqual({ ...remote, source: 'remote' });
    first.client.close();

    const second = setup({ online: false, data: first.data });
    expect(second.client.config.current().source).toBe('bundled'); // storage is read asynchronously
    await second.client.ready();
    expect(second.client.config.current()).toEqual({ ...remote, source: 'cache' });
  });
});

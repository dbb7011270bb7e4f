import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeedbackCenter } from './FeedbackCenter';
import { FeedbackEntry } from './FeedbackEntry';
import { FeedbackTracker } from './FeedbackTracker';
import { fakeClient } from './test/fake-client';
import { fakeTaro, taro } from './test/fake-taro';
import { resolvedTicket, ticketRows } from './test/fixtures';
import { renderWith, settle } from './test/render';

/** Taro.getEnv() answers `env` for this test: H5 (`WEB`) or WeChat (`WEAPP`). */
const on = (env: 'WEB' | 'WEAPP') => vi.spyOn(taro, 'getEnv').mockReturnValue(env);
afterEach(() => vi.restoreAllMocks());

/** Taro's H5 elements keep the listeners React gave them here (`onClick` → `click`). */
type Listening = Element & { __events?: Record<string, unknown> };

/**
 * Every node a user can tap, as a screen reader and a keyboard meet it: its role on H5
 * (`role`; Taro's Button is not a <button> there) and in mini-programs (`aria-role`; WeChat's
 * <button> is one), a name, and on H5 a tab stop. A View with `onClick` and nothing else
 * is what Taro's mini-program build draws with its bare "click-view" template, which can
 * carry no role or name at all: this is the check that none is left.
 */
function tappables() {
  const found = [...document.querySelectorAll<Listening>('*')].filter((node) => node.__events && node.__events.click);
  return found.map((node) => {
    const button = node.tagName === 'TARO-BUTTON-CORE';
    return {
      html: node.outerHTML.slice(0, 160),
      role: node.getAttribute('role'),
      // WeChat's <button> is a button to its screen reader; Taro's View is nothing without aria-role.
      miniProgramRole: button ? 'button' : node.getAttribute('aria-role'),
      name: node.getAttribute('aria-label') || (node.textContent || '').trim(),
      tabIndex: node.getAttribute('tabindex'),
    };
  });
}

function expectUsable(found: ReturnType<typeof tappables>, env: 'WEB' | 'WEAPP') {
  expect(found.length).toBeGreaterThan(0);
  for (const node of found) {
    const role = env === 'WEB' ? node.role : node.miniProgramRole;
    expect(role, node.html).toMatch(/^(button|tab|radio)$/);
    // On H5 `aria-role` is no ARIA attribute (axe: aria-valid-attr, critical).
    if (env === 'WEB') expect(node.html).not.toContain('aria-role');
    expect(node.name, node.html).not.toBe('');
    expect(node.tabIndex, node.html).toBe('0');
  }
}

describe.each(['WEB', 'WEAPP'] as const)('what can be tapped can be found, named and pressed (%s)', (env) => {
  it('in the entry, the tabs and the form (with pictures picked)', async () => {
    on(env);
    renderWith(
      fakeClient(),
      <>
        <FeedbackEntry />
        <FeedbackCenter />
      </>,
    );
    await settle();
    fakeTaro.pickedImages.push(['wxfile://tmp/a.jpg']);
    fireEvent.click(screen.getByRole('button', { name: '添加图片' }));
    await screen.findByRole('button', { name: '删除第 1 张图片' });
    const found = tappables();
    expectUsable(found, env);
    expect(found.map((node) => node.name)).toEqual(
      expect.arrayContaining(['反馈与投诉', '提交反馈', '我的反馈', '查看第 1 张图片', '删除第 1 张图片', '添加图片', '提交']),
    );
  });

  it('in 我的反馈 and a resolved ticket (stars, rating, 问题未解决, 返回列表)', async () => {
    on(env);
    const client = fakeClient();
    client.tickets.list.mockResolvedValue({ items: ticketRows, nextCursor: null, stale: false });
    client.tickets.get.mockResolvedValue(resolvedTicket);
    renderWith(client, <FeedbackTracker />);
    await screen.findByText(resolvedTicket.summary);
    const rows = tappables();
    expectUsable(rows, env);
    // A row says what a sighted user sees in it, the unread replies too.
    expect(rows.map((node) => node.name)).toContainEqual(expect.stringContaining('1 条新回复'));

    fireEvent.click(screen.getByText(resolvedTicket.summary));
    await screen.findByRole('radiogroup');
    await settle();
    const detail = tappables();
    expectUsable(detail, env);
    expect(detail.filter((node) => node.name.endsWith('星')).map((node) => node.name)).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星']);
    // Rating waits for a star: shown and announced as unavailable.
    const rate = screen.getByRole('button', { name: '提交评价' });
    expect(rate.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('radio', { name: '4 星' }));
    expect(screen.getByRole('radio', { name: '4 星' }).getAttribute('aria-checked')).toBe('true');
    expect(rate.getAttribute('aria-disabled')).toBeNull();
  });

  it('Enter and Space press a control, as a tap does; other keys do nothing', async () => {
    on(env);
    renderWith(fakeClient(), <FeedbackEntry />, { feedbackUrl: '/pages/feedback/index' });
    await settle();
    const entry = screen.getByRole('button', { name: '反馈与投诉' });
    entry.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }));
    expect(fakeTaro.navigations).toEqual([]);
    entry.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    entry.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    expect(fakeTaro.navigations).toEqual(['/pages/feedback/index', '/pages/feedback/index']);
  });
});

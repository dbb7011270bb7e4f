import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FeedbackEntry } from './FeedbackEntry';
import { fakeClient } from './test/fake-client';
import { fakeTaro } from './test/fake-taro';
import { ticketRows } from './test/fixtures';
import { renderWith, settle } from './test/render';

describe('FeedbackEntry', () => {
  it('is a "反馈与投诉" cell that opens the feedback page', async () => {
    renderWith(fakeClient(), <FeedbackEntry />, { feedbackUrl: '/pages/feedback/index' });
    await settle();
    const entry = screen.getByRole('button', { name: '反馈与投诉' });
    expect(entry.className).toContain('fankui-entry--cell');
    fireEvent.click(entry);
    expect(fakeTaro.navigations).toEqual(['/pages/feedback/index']);
  });

  it('shows how many submissions wait to be sent, following the client', async () => {
    const client = fakeClient({ online: false, pending: 2 });
    renderWith(client, <FeedbackEntry variant="floating" />);
    await settle();
    expect(screen.getByText('待发送 (2)')).toBeTruthy();
    expect(screen.getByRole('button', { name: '反馈与投诉, 待发送 (2)' }).className).toContain('fankui-entry--floating');
    act(() => client.setStatus({ online: true, pending: 0 }));
    expect(screen.queryByText('待发送 (2)')).toBeNull();
  });

  it('counts unread replies, and can hand navigation to the app', async () => {
    const client = fakeClient();
    client.tickets.list.mockResolvedValue({ items: ticketRows.map((row) => ({ ...row, unread: 2 })), nextCursor: null, stale: true });
    const onNavigate = vi.fn();
    renderWith(client, <FeedbackEntry url="/pages/help/index" title="Help" onNavigate={onNavigate} />, { locale: 'en-US' });
    expect(await screen.findByText('6 new replies')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Help, 6 new replies' }));
    expect(onNavigate).toHaveBeenCalledWith('/pages/help/index');
    expect(fakeTaro.navigations).toEqual([]);
  });

  it('reads unread replies again when the page shows again', async () => {
    const client = fakeClient();
    renderWith(client, <FeedbackEntry />);
    await settle();
    expect(screen.queryByText(/条新回复/)).toBeNull();
    client.tickets.list.mockResolvedValue({ items: [{ ...ticketRows[1]!, unread: 1 }], nextCursor: null, stale: false });
    act(() => fakeTaro.show());
    expect(await screen.findByText('1 条新回复')).toBeTruthy();
  });

  it('does not read tickets when unread replies are not wanted', async () => {
    const client = fakeClient();
    renderWith(client, <FeedbackEntry showUnread={false} />);
    await settle();
    expect(client.tickets.list).not.toHaveBeenCalled();
  });

  it('takes the language from the system when not told', async () => {
    fakeTaro.language = 'en';
    renderWith(fakeClient(), <FeedbackEntry />);
    await settle();
    expect(screen.getByRole('button', { name: 'Feedback & complaints' })).toBeTruthy();
  });
});

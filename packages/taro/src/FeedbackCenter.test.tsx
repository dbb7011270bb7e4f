import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FeedbackCenter } from './FeedbackCenter';
import { fakeClient } from './test/fake-client';
import { fire, renderWith, settle } from './test/render';

describe('FeedbackCenter', () => {
  it('switches between the form and "我的反馈", and goes there after submitting', async () => {
    const client = fakeClient();
    renderWith(client, <FeedbackCenter className="my-page" style={{ color: 'red' }} />);
    const form = screen.getByRole('tab', { name: '提交反馈' });
    expect(form.getAttribute('aria-selected')).toBe('true');
    expect(document.querySelector('.fankui-center')!.className).toContain('my-page');
    const category = await screen.findByLabelText(/问题类型/);
    const picker = category.closest('taro-picker-core') as Element & { range: string[] };
    await fire(picker, 'change', { value: picker.range.indexOf('产品建议') });
    await fire(screen.getByLabelText(/问题描述/), 'input', { value: '希望支持深色模式' });
    fireEvent.click(screen.getByText('提交'));
    await settle();
    fireEvent.click(screen.getByText('查看我的反馈'));
    await settle();
    expect(screen.getByRole('tab', { name: '我的反馈' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('还没有反馈记录')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '提交反馈' }));
    expect(await screen.findByLabelText(/问题类型/)).toBeTruthy();
  });

  it('can open on the tracker', async () => {
    renderWith(fakeClient(), <FeedbackCenter initialTab="tracker" />);
    expect(await screen.findByText('还没有反馈记录')).toBeTruthy();
  });
});

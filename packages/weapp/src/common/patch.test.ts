import { describe, expect, it } from 'vitest';
import { changedPaths, readPath } from './patch';

describe('changedPaths', () => {
  it('keeps only the paths whose value changed', () => {
    expect(changedPaths({ badge: '', label: '反馈与投诉' }, { badge: '待发送 (1)', label: '反馈与投诉' })).toEqual({ badge: '待发送 (1)' });
  });

  it('answers null when nothing changed, objects compared by their JSON', () => {
    expect(changedPaths({ items: [{ id: 'a', unread: 1 }] }, { items: [{ id: 'a', unread: 1 }] })).toBeNull();
  });

  it('reads nested and indexed paths', () => {
    const data = { items: [{ status: 'submitted' }, { status: 'resolved' }] };
    expect(readPath(data, 'items[1].status')).toBe('resolved');
    expect(changedPaths(data, { 'items[1].status': 'closed', 'items[0].status': 'submitted' })).toEqual({ 'items[1].status': 'closed' });
    expect(changedPaths(data, { 'missing.path': 0 })).toEqual({ 'missing.path': 0 });
  });
});

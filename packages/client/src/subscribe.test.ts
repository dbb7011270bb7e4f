import { describe, expect, it } from 'vitest';
import { createFakeWx } from '../tests/support/fake-wx';
import { askSubscribe, type RequestSubscribeMessage } from './subscribe';

const config = { subscribeTemplates: { replied: 'TPL-reply', statusChanged: 'TPL-status' } };

describe('askSubscribe', () => {
  it('asks for the config\'s templates and resolves with the ones the user accepted', async () => {
    const wx = createFakeWx();
    wx.answerSubscribe({ 'TPL-reply': 'accept', 'TPL-status': 'reject' });
    expect(await askSubscribe(wx.requestSubscribeMessage, config)).toEqual(['TPL-reply']);
    expect(wx.calls).toEqual([{ api: 'requestSubscribeMessage', options: { tmplIds: ['TPL-reply', 'TPL-status'] } }]);
  });

  it('resolves with nothing, never rejects, when the user refuses, the call fails or throws, or there is nothing to ask', async () => {
    const wx = createFakeWx();
    wx.answerSubscribe({ 'TPL-reply': 'reject', 'TPL-status': 'ban' });
    expect(await askSubscribe(wx.requestSubscribeMessage, config)).toEqual([]);
    wx.answerSubscribe('fail');
    expect(await askSubscribe(wx.requestSubscribeMessage, config)).toEqual([]);
    const throws: RequestSubscribeMessage = () => {
      throw new Error('not supported');
    };
    expect(await askSubscribe(throws, config)).toEqual([]);
    expect(await askSubscribe(undefined, config)).toEqual([]);
    // No templates, or a config that does not look right: nothing is asked.
    for (const odd of [{}, { subscribeTemplates: 'TPL' }, { subscribeTemplates: { replied: 7, statusChanged: '' } }]) expect(await askSubscribe(wx.requestSubscribeMessage, odd)).toEqual([]);
    expect(wx.calls.filter((call) => call.api === 'requestSubscribeMessage')).toHaveLength(2);
  });

  it('asks once for a template configured for both kinds', async () => {
    const wx = createFakeWx();
    wx.answerSubscribe({ 'TPL-both': 'accept' });
    expect(await askSubscribe(wx.requestSubscribeMessage, { subscribeTemplates: { replied: 'TPL-both', statusChanged: 'TPL-both' } })).toEqual(['TPL-both']);
    expect(wx.calls[0]!.options).toEqual({ tmplIds: ['TPL-both'] });
  });
});

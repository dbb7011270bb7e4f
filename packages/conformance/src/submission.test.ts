import { DEFAULT_FORM, validateAnswers, type FormDefinition } from '@fankui/core';
import { FormDefinition as FormSchema } from '@fankui/core/schema';
import { describe, expect, it } from 'vitest';
import { HttpClient } from './http';
import { SubmissionFactory } from './submission';

/** A factory whose backend serves `form` (or answers `status` without one). */
function factoryServing(form: FormDefinition | null, status = 200): SubmissionFactory {
  const fake = (async () => (form ? Response.json({ form, sla: {} }, { status }) : new Response('nope', { status }))) as typeof fetch;
  return new SubmissionFactory(new HttpClient('http://backend.test', fake));
}

describe('SubmissionFactory', () => {
  it('fills in whatever form the backend serves: required text formats, conditional fields, contact', async () => {
    const form = FormSchema.parse({
      id: 'shop',
      version: 7,
      title: { 'zh-CN': '投诉' },
      fields: [
        { kind: 'radio', id: 'kind', label: { 'zh-CN': '类型' }, required: true, options: [{ value: 'order', label: { 'zh-CN': '订单' } }] },
        { kind: 'text', id: 'order_no', label: { 'zh-CN': '订单号' }, required: true, minLength: 12, visibleWhen: { field: 'kind', in: ['order'] } },
        { kind: 'text', id: 'paid', label: { 'zh-CN': '金额' }, required: true, format: 'amount' },
        { kind: 'multiselect', id: 'tags', label: { 'zh-CN': '标签' }, minSelected: 2, options: ['a', 'b', 'c'].map((value) => ({ value, label: { 'zh-CN': value } })) },
        { kind: 'rating', id: 'mood', label: { 'zh-CN': '心情' }, required: true },
        { kind: 'textarea', id: 'story', label: { 'zh-CN': '经过' }, required: true, minLength: 80, maxLength: 100 },
        { kind: 'contact', id: 'contact', label: { 'zh-CN': '联系方式' }, required: true, channels: ['email'], consentLabel: { 'zh-CN': '同意' } },
      ],
    });
    const factory = factoryServing(form);
    const submission = await factory.valid();
    expect(submission.form).toEqual({ id: 'shop', version: 7 });
    expect(submission.contact).toEqual({ email: 'conformance@example.com' });
    expect(submission.consent).toEqual({ contact: true });
    expect(validateAnswers(form, submission)).toMatchObject({ ok: true });
    expect((submission.answers as Record<string, unknown>).tags).toEqual(['a', 'b']);
    expect(validateAnswers(form, await factory.invalidAnswers())).toMatchObject({ ok: false });
    expect((await factory.valid()).id).not.toBe(submission.id);
  });

  it('falls back to the bundled form when the config cannot be read, as the client does', async () => {
    const submission = await factoryServing(null, 500).valid();
    expect(submission.form).toEqual({ id: DEFAULT_FORM.id, version: DEFAULT_FORM.version });
    expect(validateAnswers(DEFAULT_FORM, submission)).toMatchObject({ ok: true });
  });

  it('says which field it cannot fill in', async () => {
    const form = FormSchema.parse({
      id: 'photos',
      version: 1,
      title: { 'zh-CN': '拍照' },
      fields: [{ kind: 'images', id: 'shots', label: { 'zh-CN': '照片' }, required: true }],
    });
    await expect(factoryServing(form).valid()).rejects.toThrow(/cannot fill in form "photos" v1 \(shots: required\)/);
  });
});

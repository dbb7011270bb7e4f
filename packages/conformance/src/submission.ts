import { DEFAULT_FORM, isFieldVisible, validateAnswers, visibleOptions, type FormDefinition, type FormField, type SubmissionInput } from '@fankui/core';
import { FormDefinition as FormSchema } from '@fankui/core/schema';
import type { HttpClient } from './http';
import { uuidv7 } from './ids';

/** Sample text for free-text fields, long enough for the usual minimum lengths. */
const DESCRIPTION = '付款后订单一直显示待支付，刷新几次还是一样，请帮忙看看（一致性测试）';

/**
 * Valid submissions for whatever form the backend serves: answers are built from the
 * form's own fields (first visible option, text of an acceptable length and format) and
 * checked with core's `validateAnswers` before they are sent, so a rejection is the
 * backend's doing, not the kit's. Falls back to the SDK's bundled form, as the client does,
 * when `/v1/config` serves no readable form.
 */
export class SubmissionFactory {
  private form: Promise<FormDefinition> | undefined;

  constructor(private readonly http: HttpClient) {}

  /** The form submissions are made against. */
  activeForm(): Promise<FormDefinition> {
    this.form ??= this.http.send('GET', '/v1/config').then(
      (answer) => {
        if (answer.status !== 200) return DEFAULT_FORM;
        try {
          // Only the form matters here; the config.etag case judges the whole config.
          const parsed = FormSchema.safeParse((JSON.parse(answer.text) as { form?: unknown } | null)?.form);
          return parsed.success ? parsed.data : DEFAULT_FORM;
        } catch {
          return DEFAULT_FORM;
        }
      },
      () => DEFAULT_FORM,
    );
    return this.form;
  }

  /** Forgets the form, e.g. after the backend switched to a new version. */
  reload(): void {
    this.form = undefined;
  }

  /** A submission the backend must accept, with a fresh idempotency key. */
  async valid(overrides: Partial<SubmissionInput> = {}): Promise<SubmissionInput> {
    const form = await this.activeForm();
    return { ...buildValid(form), ...overrides };
  }

  /** A submission whose answers core's validation refuses (an unknown option, or an unknown field). */
  async invalidAnswers(): Promise<SubmissionInput> {
    const form = await this.activeForm();
    const submission = buildValid(form);
    const answers: Record<string, unknown> = { ...(submission.answers as Record<string, unknown>) };
    const choice = form.fields.find((field) => 'options' in field && field.id in answers);
    if (choice) answers[choice.id] = choice.kind === 'multiselect' ? ['zz_no_such_option'] : 'zz_no_such_option';
    else answers.zz_no_such_field = 'x';
    const result = validateAnswers(form, { answers, contact: submission.contact, consent: submission.consent });
    if (result.ok) throw new Error('The kit could not make answers the form refuses');
    return { ...submission, answers: answers as SubmissionInput['answers'] };
  }
}

function buildValid(form: FormDefinition): SubmissionInput {
  const answers: Record<string, unknown> = {};
  let contact: SubmissionInput['contact'];
  for (const field of form.fields) {
    if (!isFieldVisible(field, answers)) continue;
    if (field.kind === 'contact') {
      if (field.required) contact = contactFor(field);
      continue;
    }
    const value = answerFor(field, answers);
    if (value !== undefined) answers[field.id] = value;
  }
  const consent = { contact: contact !== undefined };
  const result = validateAnswers(form, { answers, contact, consent });
  if (!result.ok) {
    const errors = result.errors.map((error) => `${error.field}: ${error.code}`).join(', ');
    throw new Error(`The kit cannot fill in form "${form.id}" v${form.version} (${errors})`);
  }
  return {
    id: uuidv7(),
    createdAt: new Date().toISOString(),
    form: { id: form.id, version: form.version },
    answers: answers as SubmissionInput['answers'],
    context: { platform: 'node', sdkVersion: '0.1.0', appVersion: 'conformance', networkType: 'wifi', locale: 'zh_CN' },
    consent,
    ...(contact ? { contact } : {}),
    attachments: [],
  };
}

function answerFor(field: Exclude<FormField, { kind: 'contact' }>, answers: Record<string, unknown>): unknown {
  switch (field.kind) {
    case 'select':
    case 'radio':
      // Choices are always answered: they decide which later fields show.
      return visibleOptions(field, answers)[0]?.value;
    case 'multiselect': {
      const options = visibleOptions(field, answers);
      const count = Math.min(Math.max(field.minSelected ?? 1, 1), field.maxSelected ?? options.length, options.length);
      return options.slice(0, count).map((option) => option.value);
    }
    case 'text': {
      if (!field.required && !field.minLength) return undefined;
      const sample = { plain: '一致性测试', amount: '12.50', date: '2026-01-15', datetime: '2026-01-15T08:30:00+08:00', phone: '13800138000', email: 'conformance@example.com' }[field.format];
      return field.format === 'plain' ? fit(sample, field.minLength, field.maxLength) : sample;
    }
    case 'textarea':
      return fit(DESCRIPTION, field.minLength, field.maxLength);
    case 'rating':
      return field.required ? field.max : undefined;
    case 'images':
      // A form that requires images is reported by validateAnswers below.
      return undefined;
  }
}

/** `text` repeated or cut to fit [min, max] characters. */
function fit(text: string, min = 1, max = 2_000): string {
  let value = text;
  while (value.length < min) value += text;
  return value.slice(0, Math.max(min, Math.min(max, value.length)));
}

function contactFor(field: Extract<FormField, { kind: 'contact' }>): SubmissionInput['contact'] {
  const channel = field.channels[0] ?? 'phone';
  return { [channel]: { phone: '13800138000', email: 'conformance@example.com', wechat: 'conformance_kit' }[channel] };
}

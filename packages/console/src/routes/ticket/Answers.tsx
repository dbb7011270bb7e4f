import type { AdminTicketDetail, FormField, RemoteConfig } from '@fankui/core';
import { localized, t } from '../../i18n';

type AnswerValue = AdminTicketDetail['answers'][string];

/** An answer in words: option values become their labels, lists are joined. */
function answerText(field: FormField | undefined, value: AnswerValue): string {
  const options = field && 'options' in field ? field.options : [];
  const label = (raw: string) => {
    const option = options.find((candidate) => candidate.value === raw);
    return option ? localized(option.label) : raw;
  };
  if (Array.isArray(value)) return value.map(label).join('、');
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return typeof value === 'string' ? label(value) : String(value);
}

/**
 * The submission with the form's labels, in the form's order (answers to fields the
 * current form no longer has follow, under their ids). Values are text nodes, never HTML.
 */
export function Answers({ ticket, config }: { ticket: AdminTicketDetail; config: RemoteConfig | null }) {
  const fields = config ? config.form.fields : [];
  const known = fields.filter((field) => ticket.answers[field.id] !== undefined);
  const unknown = Object.keys(ticket.answers).filter((id) => !fields.some((field) => field.id === id));
  const rows: [string, string, string][] = [
    ...known.map((field): [string, string, string] => [field.id, localized(field.label), answerText(field, ticket.answers[field.id]!)]),
    ...unknown.map((id): [string, string, string] => [id, id, answerText(undefined, ticket.answers[id]!)]),
  ];
  return (
    <dl class="answers">
      {rows.map(([id, label, value]) => (
        <div key={id} class={id === 'description' ? 'long' : ''}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {ticket.contact && (
        <div>
          <dt>{t('detail.contact')}</dt>
          <dd>{[ticket.contact.name, ticket.contact.phone, ticket.contact.email, ticket.contact.wechat].filter(Boolean).join(' · ')}</dd>
        </div>
      )}
    </dl>
  );
}

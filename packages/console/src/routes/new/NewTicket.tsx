import { settleAnswers, visibleFields, visibleOptions, type AdminTicketCreate, type FormField, type Priority } from '@fankui/core';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { useConfig } from '../../config';
import { localized, t } from '../../i18n';
import { navigate } from '../../router';
import { useTeams } from '../../teams';
import { Loading, PriorityOptions, TeamOptions } from '../../ui';

type Channel = AdminTicketCreate['channel'];
const CHANNELS: Channel[] = ['phone', 'email', 'wechat', 'other'];
type Answers = Record<string, string | string[]>;

/** One form field as an operator fills it in for a caller (images cannot be attached here). */
function Field({ field, answers, set }: { field: FormField; answers: Answers; set: (id: string, value: string | string[]) => void }) {
  const id = `field-${field.id}`;
  const label = `${localized(field.label)}${field.required ? ' *' : ''}`;
  const value = answers[field.id];
  if (field.kind === 'select' || field.kind === 'radio') {
    return (
      <label class="stack" for={id}>
        <span>{label}</span>
        <select id={id} required={field.required} value={typeof value === 'string' ? value : ''} onChange={(event) => set(field.id, event.currentTarget.value)}>
          <option value="">—</option>
          {visibleOptions(field, answers).map((option) => (
            <option key={option.value} value={option.value}>
              {localized(option.label)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (field.kind === 'multiselect') {
    const picked = Array.isArray(value) ? value : [];
    return (
      <fieldset class="stack">
        <legend>{label}</legend>
        <div class="checks">
          {visibleOptions(field, answers).map((option) => (
            <label key={option.value} class="check">
              <input
                type="checkbox"
                checked={picked.includes(option.value)}
                onChange={(event) => set(field.id, event.currentTarget.checked ? [...picked, option.value] : picked.filter((item) => item !== option.value))}
              />
              {localized(option.label)}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (field.kind === 'text' || field.kind === 'textarea') {
    const common = {
      id,
      required: field.required,
      value: typeof value === 'string' ? value : '',
      placeholder: localized(field.placeholder),
      onInput: (event: Event) => set(field.id, (event.currentTarget as HTMLInputElement).value),
    };
    return (
      <label class="stack" for={id}>
        <span>{label}</span>
        {field.kind === 'textarea' ? <textarea rows={5} {...common} /> : <input {...common} />}
      </label>
    );
  }
  if (field.kind === 'rating') {
    return (
      <label class="stack" for={id}>
        <span>{label}</span>
        <select id={id} value={typeof value === 'string' ? value : ''} onChange={(event) => set(field.id, event.currentTarget.value)}>
          <option value="">—</option>
          {Array.from({ length: field.max }, (_item, index) => String(index + 1)).map((score) => (
            <option key={score} value={score}>
              {score}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return null;
}

/**
 * A complaint taken by phone or e-mail, typed in with the same form the app shows (fields
 * appear per category as they do there). The server checks the answers against the form,
 * triages it and routes it to a team like any submission, unless the operator picks one.
 */
export default function NewTicket() {
  const config = useConfig();
  const [channel, setChannel] = useState<Channel>('phone');
  const [priority, setPriority] = useState<Priority | ''>('');
  const teams = useTeams();
  const [team, setTeam] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  if (!config) return <Loading />;
  const form = config.form;
  const fields = visibleFields(form, answers).filter((field) => field.kind !== 'images' && field.kind !== 'contact');
  const set = (id: string, value: string | string[]) => setAnswers(Object.assign({}, answers, { [id]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    const typed: Record<string, unknown> = {};
    for (const field of fields) {
      const value = answers[field.id];
      if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
      typed[field.id] = field.kind === 'rating' ? Number(value) : value;
    }
    const reach = { name: contact.name.trim(), phone: contact.phone.trim(), email: contact.email.trim() };
    const ticket: AdminTicketCreate = { channel, answers: settleAnswers(form, typed) as AdminTicketCreate['answers'] };
    if (reach.phone || reach.email) ticket.contact = Object.assign({}, reach.name ? { name: reach.name } : {}, reach.phone ? { phone: reach.phone } : {}, reach.email ? { email: reach.email } : {});
    if (priority) ticket.priority = priority;
    if (team) ticket.team = team;
    try {
      const created = await api.createTicket(ticket);
      navigate(`tickets/${created.id}`);
    } catch (error) {
      setProblems(error instanceof ApiError && error.issues.length ? error.issues.map((issue) => `${issue.path}: ${issue.message}`) : [(error as Error).message]);
      setBusy(false);
    }
  };

  return (
    <form class="new-ticket panel" onSubmit={submit}>
      <div>
        <h1>{t('new.title')}</h1>
        <p class="muted">{t('new.help')}</p>
      </div>
      <div class="grid2">
        <label class="stack">
          <span>{t('new.channel')}</span>
          <select value={channel} onChange={(event) => setChannel(event.currentTarget.value as Channel)}>
            {CHANNELS.map((item) => (
              <option key={item} value={item}>
                {t(`channel.${item}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="stack">
          <span>{t('inbox.priority')}</span>
          <select value={priority} onChange={(event) => setPriority(event.currentTarget.value as Priority | '')}>
            <option value="">{t('new.autoPriority')}</option>
            <PriorityOptions />
          </select>
        </label>
        {teams.length > 0 && (
          <label class="stack">
            <span>{t('teams.team')}</span>
            <select value={team} onChange={(event) => setTeam(event.currentTarget.value)}>
              <option value="">{t('teams.auto')}</option>
              <TeamOptions teams={teams} />
            </select>
          </label>
        )}
      </div>
      {fields.map((field) => (
        <Field key={field.id} field={field} answers={answers} set={set} />
      ))}
      <fieldset class="stack">
        <legend>{t('detail.contact')}</legend>
        <div class="grid3">
          {(['name', 'phone', 'email'] as const).map((key) => (
            <label key={key} class="stack">
              <span>{t(`new.contact.${key}`)}</span>
              <input type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'} value={contact[key]} onInput={(event) => setContact(Object.assign({}, contact, { [key]: event.currentTarget.value }))} />
            </label>
          ))}
        </div>
      </fieldset>
      {problems.length > 0 && (
        <ul class="error" role="alert">
          {problems.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <div>
        <button type="submit" class="primary" disabled={busy}>
          {t('new.submit')}
        </button>
      </div>
    </form>
  );
}

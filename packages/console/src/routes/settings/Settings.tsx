import { PRIORITIES, type AdminSettings, type FormOption, type AdminSettingsPatch, type OperatorTokenCreated, type OperatorTokenInfo } from '@fankui/core';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { loadConfig } from '../../config';
import { dateTime } from '../../format';
import { t } from '../../i18n';
import { ErrorNote, Loading, PriorityOptions } from '../../ui';
import { CategoryRules } from './CategoryRules';
import { editableForm, newValueProblem } from './form-rules';
import { NewOption, OptionTable } from './OptionTable';
import { loadRouting } from '../../teams';
import { RoutingEditor } from './Routing';

type Sla = AdminSettings['sla'];
type KeywordRule = AdminSettings['triage']['keywordRules'][number];

/** A save's outcome in words: the server's issues, field by field, when it refused. */
function problem(error: unknown): string {
  if (error instanceof ApiError && error.issues.length) return error.issues.map((issue) => `${issue.path || '·'}: ${issue.message}`).join('\n');
  if (error instanceof SyntaxError) return t('settings.invalid', { message: error.message });
  return error instanceof Error ? error.message : String(error);
}

/** One settings section with its own Save button and its own result line. */
function Section(props: { id: string; title: string; help?: string; onSave: () => Promise<void>; children: ComponentChildren }) {
  const [state, setState] = useState<{ saving: boolean; message: string; error: boolean }>({ saving: false, message: '', error: false });
  const save = async (event: Event) => {
    event.preventDefault();
    setState({ saving: true, message: '', error: false });
    try {
      await props.onSave();
      setState({ saving: false, message: t('common.saved'), error: false });
    } catch (error) {
      setState({ saving: false, message: problem(error), error: true });
    }
  };
  return (
    <section class="panel" aria-labelledby={`${props.id}-h`}>
      <form onSubmit={save}>
        <h2 id={`${props.id}-h`}>{props.title}</h2>
        {props.help && <p class="muted small">{props.help}</p>}
        {props.children}
        <div class="save-line">
          <button type="submit" class="primary" disabled={state.saving}>
            {t('common.save')}
          </button>
          <span role="status" class={state.error ? 'error pre' : 'notice-inline'}>
            {state.message}
          </span>
        </div>
      </form>
    </section>
  );
}

function Tokens() {
  const [items, setItems] = useState<OperatorTokenInfo[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<OperatorTokenCreated | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => api.operatorTokens().then((list) => setItems(list.items), setError);
  useEffect(() => void load(), []);
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      setCreated(await api.createOperatorToken(name.trim()));
      setName('');
      await load();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (id: string) => {
    try {
      await api.revokeOperatorToken(id);
      if (created && created.id === id) setCreated(null);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="panel" aria-labelledby="tokens-h">
      <h2 id="tokens-h">{t('settings.tokens')}</h2>
      {error !== null && <ErrorNote error={error} />}
      {items === null ? (
        <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('settings.tokenName')}</th>
              <th scope="col">{t('settings.tokenSource')}</th>
              <th scope="col">{t('settings.tokenCreatedAt')}</th>
              <th scope="col">{t('settings.tokenState')}</th>
              <th scope="col">
                <span class="sr-only">{t('settings.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{t(token.source === 'config' ? 'settings.source.config' : 'settings.source.store')}</td>
                <td>{token.createdAt ? dateTime(token.createdAt) : '—'}</td>
                <td>{token.revokedAt ? t('settings.revokedAt', { at: dateTime(token.revokedAt) }) : t('settings.active')}</td>
                <td>
                  {token.source === 'store' && !token.revokedAt && (
                    <button type="button" class="small-button" aria-label={`${t('settings.revoke')} ${token.name}`} onClick={() => revoke(token.id)}>
                      {t('settings.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="inline token-form" onSubmit={create}>
        <label class="stack grow">
          <span>{t('settings.tokenName')}</span>
          <input required maxLength={120} value={name} placeholder="客服小李" onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!name.trim()}>
          {t('settings.createToken')}
        </button>
      </form>
      {created && (
        <div class="notice" role="status">
          {t('settings.tokenCreated')} <code class="secret">{created.token}</code>
        </div>
      )}
    </section>
  );
}

/** Keyword rules as rows: keywords comma-separated, the priority they raise a ticket to. */
function RulesEditor({ rules, onChange }: { rules: KeywordRule[]; onChange: (rules: KeywordRule[]) => void }) {
  const set = (index: number, patch: Partial<KeywordRule>) => onChange(rules.map((rule, at) => (at === index ? Object.assign({}, rule, patch) : rule)));
  // The keyword boxes keep what was typed (a trailing comma included) while the rules get
  // the parsed list; a box never rewrites itself under the cursor.
  const [typed, setTyped] = useState<Record<number, string>>({});
  useEffect(() => setTyped({}), [rules.length]);
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('settings.ruleId')}</th>
            <th scope="col">{t('settings.ruleKeywords')}</th>
            <th scope="col">{t('inbox.priority')}</th>
            <th scope="col">
              <span class="sr-only">{t('settings.removeRule')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr key={index}>
              <td>
                <input aria-label={`${t('settings.ruleId')} ${index + 1}`} value={rule.id} onInput={(event) => set(index, { id: event.currentTarget.value.trim() })} />
              </td>
              <td class="grow-cell">
                <input
                  aria-label={`${t('settings.ruleKeywords')} ${index + 1}`}
                  value={typed[index] !== undefined ? typed[index] : rule.keywords.join('，')}
                  onInput={(event) => {
                    const text = event.currentTarget.value;
                    setTyped(Object.assign({}, typed, { [index]: text }));
                    set(index, { keywords: text.split(/[,，、]/).map((word) => word.trim()).filter(Boolean) });
                  }}
                />
              </td>
              <td>
                <select aria-label={`${t('inbox.priority')} ${index + 1}`} value={rule.priority} onChange={(event) => set(index, { priority: event.currentTarget.value as KeywordRule['priority'] })}>
                  <PriorityOptions />
                </select>
              </td>
              <td>
                <button type="button" class="small-button" onClick={() => onChange(rules.filter((_rule, at) => at !== index))}>
                  {t('settings.removeRule')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="link" onClick={() => onChange([...rules, { id: `rule-${rules.length + 1}`, keywords: [], priority: 'high' }])}>
        + {t('settings.addRule')}
      </button>
    </>
  );
}

/**
 * The form's categories as rows (value, 中文, English) over the JSON below: a rename or a
 * new category without touching JSON. Every edit rewrites the JSON, which stays the one
 * thing saved; sub-types and per-category fields have their own editor (CategoryRules).
 */
function CategoriesEditor({ formText, onChange }: { formText: string; onChange: (text: string) => void }) {
  const editable = editableForm(formText);
  if (!editable) return null;
  const { form, categories: field } = editable;
  const options: FormOption[] = field.options;
  const write = (next: FormOption[]) => {
    field.options = next;
    onChange(JSON.stringify(form, null, 2));
  };
  const edit = (index: number, locale: 'zh-CN' | 'en-US', value: string) =>
    write(options.map((option, at) => (at === index ? Object.assign({}, option, { label: Object.assign({}, option.label, { [locale]: value }) }) : option)));
  return (
    <OptionTable
      class="categories"
      caption={t('settings.categories')}
      captionClass="muted small"
      options={options}
      inputName={(value, locale) => `${value} ${locale}`}
      removeName={(value) => `${t('settings.removeRule')} ${value}`}
      onLabel={edit}
      onRemove={(index) => write(options.filter((_option, at) => at !== index))}
    >
      <NewOption
        names={{ value: t('settings.categoryValue'), zh: '中文', add: t('settings.addCategory') }}
        placeholders={{ value: 'refund', zh: '退款问题' }}
        problem={(value) => newValueProblem(field, value)}
        onAdd={(value, zh) => write([...options, { value, label: { 'zh-CN': zh } }])}
      />
    </OptionTable>
  );
}

export default function Settings() {
  const [settings, setSettings] = useState<AdminSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [formText, setFormText] = useState('');
  const [faqText, setFaqText] = useState('');
  const [sla, setSla] = useState<Sla | null>(null);
  const [rules, setRules] = useState<KeywordRule[]>([]);
  const [routing, setRouting] = useState<AdminSettings['routing'] | null>(null);

  const show = (next: AdminSettings) => {
    setSettings(next);
    setFormText(JSON.stringify(next.form, null, 2));
    setFaqText(JSON.stringify(next.selfHelp, null, 2));
    setSla(next.sla);
    setRules(next.triage.keywordRules);
    setRouting(next.routing);
  };
  const load = () => api.settings().then(show, setError);
  useEffect(() => void load(), []);

  /** Saves one section against the version read; apps see the result through /v1/config. */
  const save = async (patch: Omit<AdminSettingsPatch, 'version'>) => {
    const saved = await api.saveSettings(Object.assign({ version: settings!.version }, patch) as AdminSettingsPatch);
    show(saved);
    void loadConfig(true);
    void loadRouting(true);
  };

  if (error) return <ErrorNote error={error} retry={load} />;
  if (!settings || !sla) return <Loading />;
  const minutes = (kind: keyof Sla, priority: (typeof PRIORITIES)[number]) => (
    <input
      type="number"
      min={1}
      required
      aria-label={`${t(kind === 'firstResponseMinutes' ? 'settings.firstResponse' : 'settings.resolution')} · ${t(`priority.${priority}`)}`}
      value={sla[kind][priority]}
      onInput={(event) => setSla(Object.assign({}, sla, { [kind]: Object.assign({}, sla[kind], { [priority]: Number(event.currentTarget.value) }) }))}
    />
  );

  return (
    <div class="settings">
      <div class="page-head">
        <h1>{t('settings.title')}</h1>
        <span class="muted">
          {t('settings.version', { version: settings.version })}
          {settings.updatedBy && settings.updatedAt ? ` · ${settings.updatedBy} ${dateTime(settings.updatedAt)}` : ''}
        </span>
      </div>
      <Section id="form" title={t('settings.form')} help={t('settings.formHelp')} onSave={() => save({ form: JSON.parse(formText) })}>
        <p class="muted small">{t('settings.formVersion', { id: settings.form.id, version: settings.form.version })}</p>
        <CategoriesEditor formText={formText} onChange={setFormText} />
        <CategoryRules formText={formText} onChange={setFormText} />
        <label class="sr-only" for="form-json">
          {t('settings.form')}
        </label>
        <textarea id="form-json" class="code" spellcheck={false} value={formText} onInput={(event) => setFormText(event.currentTarget.value)} />
      </Section>
      <Section id="sla" title={t('settings.sla')} onSave={() => save({ sla })}>
        <table>
          <thead>
            <tr>
              <th scope="col" />
              {PRIORITIES.map((priority) => (
                <th key={priority} scope="col">
                  {t(`priority.${priority}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('settings.firstResponse')}</th>
              {PRIORITIES.map((priority) => (
                <td key={priority}>{minutes('firstResponseMinutes', priority)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('settings.resolution')}</th>
              {PRIORITIES.map((priority) => (
                <td key={priority}>{minutes('resolutionMinutes', priority)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </Section>
      <Section id="keywords" title={t('settings.keywords')} help={t('settings.keywordsHelp')} onSave={() => save({ triage: { keywordRules: rules } })}>
        <RulesEditor rules={rules} onChange={setRules} />
      </Section>
      {routing && (
        <Section id="routing" title={t('teams.settings')} help={t('teams.help')} onSave={() => save({ routing })}>
          <RoutingEditor routing={routing} form={settings.form} onChange={setRouting} />
        </Section>
      )}
      <Section id="faq" title={t('settings.faq')} help={t('settings.faqHelp')} onSave={() => save({ selfHelp: JSON.parse(faqText) })}>
        <label class="sr-only" for="faq-json">
          {t('settings.faq')}
        </label>
        <textarea id="faq-json" class="code short" spellcheck={false} value={faqText} onInput={(event) => setFaqText(event.currentTarget.value)} />
      </Section>
      <Tokens />
    </div>
  );
}

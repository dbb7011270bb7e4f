import { SUBTYPES_FIELD, visibleOptions, type FormDefinition, type Priority, type RoutingRule, type RoutingSettings, type Team } from '@fankui/core';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { localized, t } from '../../i18n';
import { CategoryOptions, PriorityOptions, TeamOptions } from '../../ui';

/** Moves item `from` one place up (-1) or down (+1). */
function moved<T>(items: readonly T[], from: number, by: -1 | 1): T[] {
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(from + by, 0, item as T);
  return next;
}

/** A copy of `object` without `key` when `value` is empty, else with it set. */
function withOptional<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | ''): T {
  const copy = Object.assign({}, object);
  if (value === '' || value === undefined) delete copy[key];
  else copy[key] = value as T[K];
  return copy;
}

/** A table's column headings, the last one (its row actions) named for screen readers only. */
function Heads({ labels, actions }: { labels: string[]; actions: string }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
        <th scope="col">
          <span class="sr-only">{actions}</span>
        </th>
      </tr>
    </thead>
  );
}

/** Operators known to the server: the names of its tokens that still work, each once. */
function useOperatorNames(): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    api.operatorTokens().then(
      (list) => setNames([...new Set(list.items.filter((token) => !token.revokedAt).map((token) => token.name))]),
      () => undefined,
    );
  }, []);
  return names;
}

/** Teams as rows: id, name, and which operators belong (a checkbox per operator token name). */
function TeamsTable({ teams, onChange }: { teams: Team[]; onChange: (teams: Team[]) => void }) {
  const operators = useOperatorNames();
  const set = (index: number, patch: Partial<Team>) => onChange(teams.map((team, at) => (at === index ? Object.assign({}, team, patch) : team)));
  return (
    <>
      <table class="teams">
        <caption class="muted small">{t('teams.team')}</caption>
        <Heads labels={[t('teams.id'), t('teams.name'), t('teams.members')]} actions={t('settings.removeRule')} />
        <tbody>
          {teams.map((team, index) => {
            // Members who have no token (any more) stay listed, so they can be removed.
            const names = [...new Set([...operators, ...team.members])];
            return (
              <tr key={index}>
                <td>
                  <input aria-label={`${t('teams.id')} ${index + 1}`} value={team.id} onInput={(event) => set(index, { id: event.currentTarget.value.trim() })} />
                </td>
                <td>
                  <input aria-label={`${t('teams.name')} ${index + 1}`} value={team.name} onInput={(event) => set(index, { name: event.currentTarget.value })} />
                </td>
                <td class="grow-cell">
                  <div class="checks" role="group" aria-label={`${t('teams.members')} · ${team.name || team.id}`}>
                    {names.length === 0 && <span class="muted">{t('teams.noOperators')}</span>}
                    {names.map((name) => (
                      <label key={name} class="check">
                        <input
                          type="checkbox"
                          checked={team.members.includes(name)}
                          onChange={(event) =>
                            set(index, { members: event.currentTarget.checked ? [...team.members, name] : team.members.filter((member) => member !== name) })
                          }
                        />
                        {name}
                      </label>
                    ))}
                  </div>
                </td>
                <td>
                  <button type="button" class="small-button" aria-label={`${t('settings.removeRule')} ${team.name || team.id}`} onClick={() => onChange(teams.filter((_team, at) => at !== index))}>
                    {t('settings.removeRule')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" class="link" onClick={() => onChange([...teams, { id: `team-${teams.length + 1}`, name: '', members: [] }])}>
        + {t('teams.add')}
      </button>
    </>
  );
}

/** The routing rules as rows, checked top to bottom: category, sub-type, priority → team. */
function RulesTable({ routing, form, onChange }: { routing: RoutingSettings; form: FormDefinition; onChange: (rules: RoutingRule[]) => void }) {
  const { rules, teams } = routing;
  const set = (index: number, rule: RoutingRule) => onChange(rules.map((item, at) => (at === index ? rule : item)));
  const subtypes = form.fields.find((field) => field.id === SUBTYPES_FIELD);
  const subtypeOptions = (category: string | undefined) =>
    subtypes && 'options' in subtypes ? (category ? visibleOptions(subtypes, { category }) : subtypes.options) : [];
  if (!teams.length) return <p class="muted small">{t('teams.noTeams')}</p>;
  return (
    <>
      <table class="routing-rules">
        <caption class="muted small">{t('teams.rules')}</caption>
        <Heads labels={['#', t('inbox.category'), t('teams.subtype'), t('inbox.priority'), t('teams.sendTo')]} actions={t('teams.up')} />
        <tbody>
          {rules.map((rule, index) => {
            const name = (what: string) => `${t('teams.rule')} ${index + 1} ${what}`;
            return (
              <tr key={index}>
                <td class="muted">{index + 1}</td>
                <td>
                  <select aria-label={name(t('inbox.category'))} value={rule.category || ''} onChange={(event) => set(index, withOptional(withOptional(rule, 'category', event.currentTarget.value), 'subtype', ''))}>
                    <option value="">{t('teams.any')}</option>
                    <CategoryOptions form={form} />
                  </select>
                </td>
                <td>
                  <select aria-label={name(t('teams.subtype'))} value={rule.subtype || ''} onChange={(event) => set(index, withOptional(rule, 'subtype', event.currentTarget.value))}>
                    <option value="">{t('teams.any')}</option>
                    {subtypeOptions(rule.category).map((option) => (
                      <option key={option.value} value={option.value}>
                        {localized(option.label)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select aria-label={name(t('inbox.priority'))} value={rule.priority || ''} onChange={(event) => set(index, withOptional(rule, 'priority', event.currentTarget.value as Priority | ''))}>
                    <option value="">{t('teams.any')}</option>
                    <PriorityOptions />
                  </select>
                </td>
                <td>
                  <select aria-label={name(t('teams.sendTo'))} value={rule.team} onChange={(event) => set(index, Object.assign({}, rule, { team: event.currentTarget.value }))}>
                    <TeamOptions teams={teams} current={rule.team} />
                  </select>
                </td>
                <td class="nowrap">
                  <button type="button" class="small-button" aria-label={name(t('teams.up'))} disabled={index === 0} onClick={() => onChange(moved(rules, index, -1))}>
                    ↑
                  </button>{' '}
                  <button type="button" class="small-button" aria-label={name(t('teams.down'))} disabled={index === rules.length - 1} onClick={() => onChange(moved(rules, index, 1))}>
                    ↓
                  </button>{' '}
                  <button type="button" class="small-button" aria-label={name(t('settings.removeRule'))} onClick={() => onChange(rules.filter((_rule, at) => at !== index))}>
                    {t('settings.removeRule')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" class="link" onClick={() => onChange([...rules, { team: teams[0]!.id }])}>
        + {t('teams.addRule')}
      </button>
    </>
  );
}

/**
 * Teams & routing (问题分发): the teams with their members, the rules in the order they are
 * checked, and the default team. Edits stay local until the section is saved; the server
 * refuses rules naming a team that is not defined.
 */
export function RoutingEditor({ routing, form, onChange }: { routing: RoutingSettings; form: FormDefinition; onChange: (routing: RoutingSettings) => void }) {
  const update = (patch: Partial<RoutingSettings>) => onChange(Object.assign({}, routing, patch));
  return (
    <>
      <TeamsTable teams={routing.teams} onChange={(teams) => update({ teams })} />
      <RulesTable routing={routing} form={form} onChange={(rules) => update({ rules })} />
      <label class="stack default-team">
        <span>{t('teams.default')}</span>
        <select value={routing.defaultTeam || ''} onChange={(event) => update({ defaultTeam: event.currentTarget.value || null })}>
          <option value="">{t('teams.none')}</option>
          <TeamOptions teams={routing.teams} current={routing.defaultTeam} />
        </select>
      </label>
    </>
  );
}

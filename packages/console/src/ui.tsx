import { PRIORITIES, type FormDefinition, type Priority, type Team, type TicketStatus } from '@fankui/core';
import type { ComponentChildren } from 'preact';
import { categoryField } from './config';
import { localized, t } from './i18n';
import { BASE, onLinkClick } from './router';

/** An in-app link: a real <a href> (open in new tab works), navigation without reload. */
export function Link(props: { to: string; class?: string; children: ComponentChildren; 'aria-current'?: 'page' | undefined; id?: string; tabIndex?: number }) {
  const { to, children, ...rest } = props;
  return (
    <a href={BASE + to} onClick={(event) => onLinkClick(event, to)} {...rest}>
      {children}
    </a>
  );
}

export const StatusTag = ({ status }: { status: TicketStatus }) => <span class={`tag status-${status}`}>{t(`status.${status}`)}</span>;

export const PriorityTag = ({ priority }: { priority: Priority }) => (
  <span class={`prio prio-${priority}`}>
    <span class="dot" aria-hidden="true" />
    {t(`priority.${priority}`)}
  </span>
);

export function ErrorNote({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <p class="error" role="alert">
      {t('common.error', { message: error instanceof Error ? error.message : String(error) })}
      {retry && (
        <button type="button" class="link" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </p>
  );
}

export const Loading = () => (
  <p class="muted" role="status">
    {t('common.loading')}
  </p>
);

/** The form's categories as <option>s, in the form's order. */
export function CategoryOptions({ form }: { form: FormDefinition | undefined }) {
  const field = categoryField(form);
  return (
    <>
      {field &&
        field.options.map((option) => (
          <option key={option.value} value={option.value}>
            {localized(option.label)}
          </option>
        ))}
    </>
  );
}

/** 高 / 中 / 低 as <option>s. */
export const PriorityOptions = () => (
  <>
    {PRIORITIES.map((priority) => (
      <option key={priority} value={priority}>
        {t(`priority.${priority}`)}
      </option>
    ))}
  </>
);

/** The settings' teams as <option>s, with `current` too when the settings no longer define it. */
export function TeamOptions({ teams, current = null }: { teams: readonly Team[]; current?: string | null }) {
  return (
    <>
      {teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
      {current !== null && !teams.some((team) => team.id === current) && <option value={current}>{current}</option>}
    </>
  );
}

/** Whether a key press belongs to a text field (single-letter shortcuts must leave it alone). */
export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

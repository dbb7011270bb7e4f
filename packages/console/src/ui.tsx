import type { Priority, TicketStatus } from '@fankui/core';
import type { ComponentChildren } from 'preact';
import { t } from './i18n';
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

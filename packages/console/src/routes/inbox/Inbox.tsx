import { TICKET_STATUSES, nextStatuses, type AdminTicketList, type AdminTicketSummary } from '@fankui/core';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { followChanges } from '../../changes';
import { categoryLabel, useConfig } from '../../config';
import { age, firstLine, slaCountdown } from '../../format';
import { t } from '../../i18n';
import { AlertBanner } from './AlertBanner';
import { navigate, rememberInbox, useLocation } from '../../router';
import { teamName, useTeams } from '../../teams';
import { CategoryOptions, ErrorNote, isTyping, Link, Loading, PriorityOptions, PriorityTag, StatusTag, TeamOptions } from '../../ui';
import { TICKET_CHANNELS, readView, toFilter, writeView, type InboxView } from './filters';

const PAGE_SIZE = 50;

/** Saves a Blob under a file name through a temporary blob: link. */
function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function Inbox() {
  const { search } = useLocation();
  const view = readView(search);
  const viewKey = writeView(view);
  const config = useConfig();
  const teams = useTeams();
  const [list, setList] = useState<AdminTicketList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState(0);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [now, setNow] = useState(Date.now());
  const [query, setQuery] = useState(view.q);
  const seen = useRef<Set<string> | null>(null);
  const rows = useRef<HTMLTableSectionElement>(null);

  const go = (patch: Partial<InboxView>) => navigate(`/console/${writeView({ ...view, cursor: '', ...patch })}`);

  const load = useCallback(async () => {
    try {
      const next = await api.listTickets({
        ...toFilter(view),
        limit: PAGE_SIZE,
        ...(view.sort ? { sort: view.sort } : {}),
        ...(view.cursor ? { cursor: view.cursor } : {}),
      });
      setNow(Date.now());
      if (seen.current) {
        const arrived = next.items.filter((item) => !seen.current!.has(item.id)).map((item) => item.id);
        if (arrived.length) setFresh(new Set(arrived));
      }
      seen.current = new Set(next.items.map((item) => item.id));
      setList(next);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [viewKey]);

  useEffect(() => {
    rememberInbox(viewKey);
    seen.current = null;
    setList(null);
    setSelected(0);
    setQuery(view.q);
    void load();
    // Only the first page is live: later pages stay put while the operator reads them.
    if (view.cursor) return;
    return followChanges(() => void load());
  }, [viewKey]);

  // The countdowns move on between reloads.
  useEffect(() => {
    const ticker = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(ticker);
  }, []);

  const items = list ? list.items : [];
  const current: AdminTicketSummary | undefined = items[Math.min(selected, items.length - 1)];

  useEffect(() => {
    const onKey = async (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target) || !items.length) return;
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next = Math.max(0, Math.min(items.length - 1, selected + (event.key === 'j' ? 1 : -1)));
        setSelected(next);
        const row = rows.current && rows.current.children[next];
        if (row) (row.querySelector('a') as HTMLElement | null)?.focus();
      } else if (current && (event.key === 'o' || (event.key === 'Enter' && !(event.target instanceof HTMLAnchorElement)))) {
        navigate(`tickets/${current.id}`);
      } else if (current && event.key === 'r') {
        event.preventDefault();
        navigate(`tickets/${current.id}?reply=1`);
      } else if (current && event.key === 'e' && nextStatuses(current.status, 'operator').includes('resolved')) {
        event.preventDefault();
        try {
          await api.updateTicket(current.id, { status: 'resolved' });
          await load();
        } catch (failure) {
          setError(failure);
        }
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [items, selected, current]);

  const exportCsv = async () => {
    try {
      // The CSV holds the current view: its filters and its order.
      download(await api.exportCsv(Object.assign({}, toFilter(view), view.sort ? { sort: view.sort } : {}) as Record<string, string>), `fankui-tickets-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div class="inbox">
      <div class="page-head">
        <h1>{t('inbox.title')}</h1>
        <span class="live" title={t('inbox.live')}>
          <span class="pulse" aria-hidden="true" />
          {t('inbox.live')}
        </span>
        <span class="spacer" />
        <button type="button" onClick={exportCsv}>
          {t('inbox.export')}
        </button>
      </div>
      <AlertBanner config={config} />
      <form
        class="filters"
        aria-label={t('inbox.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          go({ q: query });
        }}
      >
        <label>
          <span>{t('inbox.status')}</span>
          <select value={view.status} onChange={(event) => go({ status: event.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {TICKET_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('inbox.priority')}</span>
          <select value={view.priority} onChange={(event) => go({ priority: event.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            <PriorityOptions />
          </select>
        </label>
        <label>
          <span>{t('inbox.category')}</span>
          <select value={view.category} onChange={(event) => go({ category: event.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            <CategoryOptions form={config ? config.form : undefined} />
          </select>
        </label>
        <label>
          <span>{t('teams.team')}</span>
          <select value={view.team} onChange={(event) => go({ team: event.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            <option value="mine">{t('teams.mine')}</option>
            <option value="none">{t('teams.none')}</option>
            <TeamOptions teams={teams} current={view.team && view.team !== 'none' && view.team !== 'mine' ? view.team : null} />
          </select>
        </label>
        <label>
          <span>{t('new.channel')}</span>
          <select value={view.channel} onChange={(event) => go({ channel: event.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {TICKET_CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`channel.${channel}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('inbox.from')}</span>
          <input type="date" value={view.from} onChange={(event) => go({ from: event.currentTarget.value })} />
        </label>
        <label>
          <span>{t('inbox.to')}</span>
          <input type="date" value={view.to} onChange={(event) => go({ to: event.currentTarget.value })} />
        </label>
        <label class="check">
          <input type="checkbox" checked={view.overdue} onChange={(event) => go({ overdue: event.currentTarget.checked })} />
          <span>{t('inbox.overdue')}</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={view.mine} onChange={(event) => go({ mine: event.currentTarget.checked })} />
          <span>{t('inbox.mine')}</span>
        </label>
        <label>
          <span>{t('inbox.sort')}</span>
          <select value={view.sort} onChange={(event) => go({ sort: event.currentTarget.value === 'oldest' ? 'oldest' : '' })}>
            <option value="">{t('inbox.sort.newest')}</option>
            <option value="oldest">{t('inbox.sort.oldest')}</option>
          </select>
        </label>
        <label class="grow">
          <span>{t('inbox.search')}</span>
          <input type="search" value={query} placeholder={t('inbox.searchPlaceholder')} onInput={(event) => setQuery(event.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          {t('inbox.searchButton')}
        </button>
        {viewKey && (
          <button type="button" class="link" onClick={() => navigate('/console/')}>
            {t('inbox.reset')}
          </button>
        )}
      </form>
      {error !== null && <ErrorNote error={error} retry={load} />}
      {list === null && error === null && <Loading />}
      {list && (
        <>
          <table class="tickets">
            <caption class="sr-only">{t('inbox.shortcuts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.col.priority')}</th>
                <th scope="col">{t('inbox.col.category')}</th>
                <th scope="col" class="wide">
                  {t('inbox.col.summary')}
                </th>
                <th scope="col" class="hide-narrow">
                  {t('inbox.col.platform')}
                </th>
                <th scope="col">{t('inbox.col.age')}</th>
                <th scope="col">{t('inbox.col.sla')}</th>
                <th scope="col">{t('inbox.col.status')}</th>
                <th scope="col" class="hide-narrow">
                  {t('teams.team')}
                </th>
                <th scope="col" class="hide-narrow">
                  {t('inbox.col.assignee')}
                </th>
              </tr>
            </thead>
            <tbody ref={rows}>
              {items.map((ticket, index) => {
                const sla = slaCountdown(ticket, now);
                return (
                  <tr
                    key={ticket.id}
                    data-ticket={ticket.id}
                    class={`${index === selected ? 'selected' : ''} ${fresh.has(ticket.id) ? 'fresh' : ''}`}
                    onClick={() => setSelected(index)}
                  >
                    <td>
                      <PriorityTag priority={ticket.priority} />
                    </td>
                    <td class="nowrap">{categoryLabel(config, ticket.category) || t('common.uncategorized')}</td>
                    <td class="summary">
                      <Link to={`tickets/${ticket.id}`} tabIndex={index === selected ? 0 : -1}>
                        {firstLine(ticket.summary)}
                      </Link>
                    </td>
                    <td class="hide-narrow muted nowrap">{platformOf(ticket)}</td>
                    <td class="nowrap muted">
                      <time dateTime={ticket.createdAt} title={new Date(ticket.createdAt).toLocaleString()}>
                        {age(ticket.createdAt, now)}
                      </time>
                    </td>
                    <td class={`nowrap sla sla-${sla.tone}`}>{sla.text}</td>
                    <td>
                      <StatusTag status={ticket.status} />
                    </td>
                    <td class="hide-narrow nowrap">{teamName(teams, ticket.team) || <span class="muted">{t('teams.none')}</span>}</td>
                    <td class="hide-narrow nowrap">{ticket.assignee || <span class="muted">{t('common.unassigned')}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {items.length === 0 && <p class="empty">{t('inbox.empty')}</p>}
          <div class="pager">
            <span class="muted">{t('inbox.count', { count: items.length })}</span>
            <span class="muted hide-narrow">{t('inbox.shortcuts')}</span>
            <span class="spacer" />
            {view.cursor && (
              <button type="button" onClick={() => go({})}>
                {t('inbox.first')}
              </button>
            )}
            {list.nextCursor && (
              <button type="button" onClick={() => navigate(`/console/${writeView({ ...view, cursor: list.nextCursor! })}`)}>
                {t('inbox.next')}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** "weapp · 2.3.1" for app tickets; the channel ("电话") for those an operator typed in. */
function platformOf(ticket: AdminTicketSummary): string {
  if (ticket.channel !== 'app') return t(`channel.${ticket.channel}`);
  return ticket.appVersion ? `${ticket.platform} · ${ticket.appVersion}` : ticket.platform;
}

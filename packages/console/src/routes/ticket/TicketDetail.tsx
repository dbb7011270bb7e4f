import { nextStatuses, resolveLocale, translate, type AdminTicketDetail, type Priority, type TicketStatus } from '@fankui/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { followChanges } from '../../changes';
import { categoryLabel, useConfig } from '../../config';
import { dateTime, firstLine, slaCountdown } from '../../format';
import { consoleMessages, t } from '../../i18n';
import { inboxPath, type Route } from '../../router';
import { getOperatorName } from '../../session';
import { teamName, useTeams } from '../../teams';
import { CategoryOptions, ErrorNote, isTyping, Link, Loading, PriorityOptions, PriorityTag, StatusTag, TeamOptions } from '../../ui';
import { Answers } from './Answers';
import { Attachments } from './Attachments';
import { Related } from './Related';
import { eventBody, eventText, isInternal, piiLabel } from './timeline';

const TEMPLATES = ['detail.template.received', 'detail.template.refunded'] as const;

export default function TicketDetail({ route }: { route: Route }) {
  const id = route.name === 'ticket' ? route.id : '';
  const config = useConfig();
  const teams = useTeams();
  const [ticket, setTicket] = useState<AdminTicketDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [adoptNote, setAdoptNote] = useState('');
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState('');
  const [flash, setFlash] = useState('');
  const [revealReason, setRevealReason] = useState('');
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const shown = useRef<AdminTicketDetail | null>(null);
  shown.current = ticket;

  const load = async () => {
    try {
      const next = await api.getTicket(id);
      // Keep what the operator is typing as assignee; otherwise show the server's.
      setAssignee((typed) => (shown.current && typed !== (shown.current.assignee || '') ? typed : next.assignee || ''));
      setTicket(next);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => {
    setTicket(null);
    void load().then(() => {
      if (new URLSearchParams(location.search).has('reply') && replyBox.current) replyBox.current.focus();
    });
    // A reporter's message, a rating or a colleague's change shows up while the ticket is open.
    return followChanges((changes) => {
      if (!changes.length || changes.some((change) => change.ticketId === id)) void refresh();
    });
  }, [id]);

  /** Re-reads the ticket for news, unless the operator is looking at it unmasked. */
  const refresh = async () => {
    if (shown.current && !shown.current.redacted && shown.current.pii.length) return;
    await load();
  };

  /**
   * Runs one change, then shows the ticket as the server now has it: the answer itself when
   * the change answers with the ticket (a reveal's unmasked view stays until the next change).
   */
  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      const answer = await work();
      if (answer && typeof answer === 'object' && 'redacted' in answer && (answer as AdminTicketDetail).redacted === false) {
        setTicket(answer as AdminTicketDetail);
        setError(null);
      } else await load();
      if (done) setFlash(done);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const moveTo = (status: TicketStatus) => act(() => api.updateTicket(id, reason.trim() ? { status, reason: reason.trim() } : { status }), t(`status.${status}`)).then(() => setReason(''));
  const sendReply = () => reply.trim() && act(() => api.reply(id, { body: reply.trim() }), t('detail.send')).then(() => setReply(''));
  const addNote = () => note.trim() && act(() => api.note(id, { body: note.trim() }), t('detail.addNote')).then(() => setNote(''));
  const adopt = () =>
    act(async () => {
      try {
        return await api.adopt(id, adoptNote.trim() ? { note: adoptNote.trim() } : {});
      } catch (failure) {
        if (!(failure instanceof ApiError && failure.status === 409)) throw failure;
        // A colleague adopted it first: show the ticket as it is now, and say why nothing happened.
        await load();
        throw new Error(t('detail.alreadyAdopted'));
      }
    }, t('timeline.adopted')).then(() => setAdoptNote(''));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target) || !ticket) return;
      if (event.key === 'r' && replyBox.current) {
        event.preventDefault();
        replyBox.current.focus();
      } else if (event.key === 'e' && nextStatuses(ticket.status, 'operator').includes('resolved')) {
        event.preventDefault();
        void moveTo('resolved');
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [ticket, reason]);

  if (error && !ticket) return <ErrorNote error={error} retry={load} />;
  if (!ticket) return <Loading />;

  const label = (category: string | null) => categoryLabel(config, category);
  const reveal = () =>
    act(async () => {
      const unmasked = await api.reveal(id, revealReason.trim() ? { reason: revealReason.trim() } : {});
      setRevealReason('');
      return unmasked;
    }).then(() => undefined);
  const me = getOperatorName();
  const context = ticket.context;
  const facts: [string, string][] = [
    [t('detail.channel'), t(`channel.${ticket.channel}`)],
    [t('detail.platform'), context.platform],
    [t('detail.appVersion'), context.appVersion || '—'],
    [t('detail.sdkVersion'), context.sdkVersion],
    [t('detail.page'), context.pagePath || '—'],
    [t('detail.network'), context.networkType || '—'],
    [t('detail.locale'), context.locale || '—'],
    ...Object.entries(context.system || {}).map(([key, value]): [string, string] => [key, String(value)]),
  ];
  const moves = nextStatuses(ticket.status, 'operator');
  const sla = slaCountdown(ticket, Date.now());
  const reopens = ticket.timeline.filter((event) => event.type === 'reopened');
  const ratings = ticket.timeline.filter((event) => event.type === 'rating');
  const adopted = ticket.timeline.some((event) => event.type === 'adopted');

  return (
    <div class="detail">
      <div class="page-head">
        <Link to={inboxPath()} class="back">
          ← {t('detail.back')}
        </Link>
      </div>
      <div class="ticket-head">
        <h1>{firstLine(ticket.summary)}</h1>
        <div class="meta-line">
          <StatusTag status={ticket.status} />
          <PriorityTag priority={ticket.priority} />
          <span>{label(ticket.category) || t('common.uncategorized')}</span>
          <span>{teamName(teams, ticket.team) || t('teams.none')}</span>
          <span class={`sla sla-${sla.tone}`}>SLA {sla.text}</span>
          <span class="muted mono">#{ticket.id}</span>
        </div>
      </div>
      {error !== null && <ErrorNote error={error} />}
      <p class="sr-only" role="status">
        {flash}
      </p>
      <div class="columns">
        <div class="main-col">
          <section aria-labelledby="answers-h" class="panel">
            <h2 id="answers-h">{t('detail.answers')}</h2>
            {ticket.duplicateOf && (
              <p class="revealed-note">
                <Link to={`tickets/${ticket.duplicateOf}`}>{t('detail.duplicateOf', { id: ticket.duplicateOf })}</Link>
              </p>
            )}
            {ticket.redacted && ticket.pii.length > 0 && (
              <form
                class="masked"
                onSubmit={(event) => {
                  event.preventDefault();
                  void reveal();
                }}
              >
                <span>
                  {t('detail.masked')}（{ticket.pii.map(piiLabel).join('、')}）
                </span>
                <label class="sr-only" for="reveal-reason">
                  {t('detail.revealReason')}
                </label>
                <input id="reveal-reason" value={revealReason} placeholder={t('detail.revealReason')} onInput={(event) => setRevealReason(event.currentTarget.value)} />
                <button type="submit" disabled={busy}>
                  {t('detail.reveal')}
                </button>
              </form>
            )}
            {!ticket.redacted && ticket.pii.length > 0 && <p class="revealed-note">{t('detail.revealed')}</p>}
            <Answers ticket={ticket} config={config} />
          </section>
          <section aria-labelledby="attachments-h" class="panel">
            <h2 id="attachments-h">{t('detail.attachments')}</h2>
            <Attachments ids={ticket.attachments} />
          </section>
          <section aria-labelledby="context-h" class="panel">
            <h2 id="context-h">{t('detail.context')}</h2>
            <dl class="facts">
              {facts.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
              <div>
                <dt>{t('detail.created')}</dt>
                <dd>{dateTime(ticket.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('detail.firstDue')}</dt>
                <dd>{dateTime(ticket.firstResponseDueAt)}</dd>
              </div>
              <div>
                <dt>{t('detail.resolutionDue')}</dt>
                <dd>{dateTime(ticket.resolutionDueAt)}</dd>
              </div>
              <div>
                <dt>{t('detail.form')}</dt>
                <dd class="mono">
                  {ticket.form.id} v{ticket.form.version}
                </dd>
              </div>
              <div>
                <dt>{t('detail.reporter')}</dt>
                <dd class="mono">{ticket.reporter}</dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="timeline-h" class="panel">
            <h2 id="timeline-h">{t('detail.timeline')}</h2>
            <ol class="timeline">
              {ticket.timeline.map((event) => {
                const body = eventBody(event);
                return (
                  <li key={event.id} class={`event event-${event.type} actor-${event.actor.type} ${isInternal(event) ? 'internal' : ''}`}>
                    <div class="event-head">
                      <strong>{eventText(event, label, (team) => teamName(teams, team))}</strong>
                      {event.actor.name && <span class="muted"> · {event.actor.name}</span>}
                      {isInternal(event) && <span class="tag internal-tag">{t('timeline.internal')}</span>}
                      <time class="muted" dateTime={event.at}>
                        {dateTime(event.at)}
                      </time>
                    </div>
                    {body && <p class="event-body">{body}</p>}
                  </li>
                );
              })}
            </ol>
          </section>
        </div>
        <aside class="side-col">
          <section aria-labelledby="actions-h" class="panel">
            <h2 id="actions-h">{t('detail.actions')}</h2>
            {moves.length ? (
              <>
                <div class="buttons">
                  {moves.map((status) => (
                    <button key={status} type="button" class={status === 'resolved' ? 'primary' : ''} disabled={busy} onClick={() => moveTo(status)}>
                      {t(`action.${status}`)}
                    </button>
                  ))}
                </div>
                <label class="stack">
                  <span>{t('detail.reason')}</span>
                  <input value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
                </label>
              </>
            ) : (
              <p class="muted">{t('detail.noActions')}</p>
            )}
            <div class="grid2">
              <label class="stack">
                <span>{t('inbox.priority')}</span>
                <select
                  value={ticket.priority}
                  disabled={busy}
                  onChange={(event) => {
                    const priority = event.currentTarget.value as Priority;
                    void act(() => api.updateTicket(id, { priority }));
                  }}
                >
                  <PriorityOptions />
                </select>
              </label>
              <label class="stack">
                <span>{t('inbox.category')}</span>
                <select
                  value={ticket.category || ''}
                  disabled={busy}
                  onChange={(event) => {
                    const category = event.currentTarget.value;
                    if (category) void act(() => api.updateTicket(id, { category }));
                  }}
                >
                  {!ticket.category && <option value="">{t('common.uncategorized')}</option>}
                  <CategoryOptions form={config ? config.form : undefined} />
                </select>
              </label>
            </div>
            <label class="stack">
              <span>{t('teams.team')}</span>
              <select
                value={ticket.team || ''}
                disabled={busy}
                onChange={(event) => {
                  const team = event.currentTarget.value || null;
                  void act(() => api.updateTicket(id, { team }), t('teams.team'));
                }}
              >
                <option value="">{t('teams.none')}</option>
                <TeamOptions teams={teams} current={ticket.team} />
              </select>
            </label>
            <form
              class="inline"
              onSubmit={(event) => {
                event.preventDefault();
                void act(() => api.updateTicket(id, { assignee: assignee.trim() || null }));
              }}
            >
              <label class="stack grow">
                <span>{t('detail.assignee')}</span>
                {/* The ticket's team's members are offered first: reassigning within the team is the common case. */}
                <input list="team-members" value={assignee} placeholder={t('common.unassigned')} onInput={(event) => setAssignee(event.currentTarget.value)} />
                <datalist id="team-members">
                  {((teams.find((team) => team.id === ticket.team) || { members: [] as string[] }).members).map((name) => (
                    <option key={name} value={name} />
                  ))}
                </datalist>
              </label>
              <button type="submit" disabled={busy || assignee.trim() === (ticket.assignee || '')}>
                {t('detail.apply')}
              </button>
            </form>
            {me && ticket.assignee !== me && (
              <button type="button" class="link" disabled={busy} onClick={() => act(() => api.updateTicket(id, { assignee: me }))}>
                {t('detail.assignToMe')}
              </button>
            )}
          </section>
          <section aria-labelledby="reply-h" class="panel">
            <h2 id="reply-h">{t('detail.reply')}</h2>
            <div class="buttons" role="group" aria-label={t('detail.templates')}>
              {TEMPLATES.map((key) => (
                // The reply goes out in the reporter's language, whatever the console shows.
                <button key={key} type="button" class="chip" onClick={() => setReply(translate(consoleMessages, key, undefined, resolveLocale(ticket.context.locale)))}>
                  {t(key)}
                </button>
              ))}
            </div>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void sendReply();
              }}
            >
              <label class="sr-only" for="reply">
                {t('detail.reply')}
              </label>
              <textarea id="reply" ref={replyBox} rows={4} value={reply} placeholder={t('detail.replyPlaceholder')} onInput={(event) => setReply(event.currentTarget.value)} />
              <button type="submit" class="primary" disabled={busy || !reply.trim()}>
                {t('detail.send')}
              </button>
            </form>
          </section>
          <section aria-labelledby="note-h" class="panel">
            <h2 id="note-h">{t('detail.note')}</h2>
            <TextForm id="note" label={t('detail.note')} placeholder={t('detail.notePlaceholder')} value={note} onInput={setNote} onSubmit={addNote} disabled={busy || !note.trim()} submit={t('detail.addNote')} />
          </section>
          <section aria-labelledby="adopt-h" class="panel">
            <h2 id="adopt-h">{t('detail.adoptTitle')}</h2>
            {adopted ? (
              <p class="muted">{t('detail.adopted')}</p>
            ) : (
              <>
                <p class="muted">{t('detail.adoptHint')}</p>
                <TextForm id="adopt-note" label={t('detail.adoptNote')} placeholder={t('detail.adoptNote')} value={adoptNote} onInput={setAdoptNote} onSubmit={adopt} disabled={busy} submit={t('detail.adopt')} />
              </>
            )}
          </section>
          <section aria-labelledby="related-h" class="panel">
            <h2 id="related-h">{t('detail.related')}</h2>
            <Related ticket={ticket} onMerged={() => void load()} />
          </section>
          <section aria-labelledby="rating-h" class="panel">
            <h2 id="rating-h">{t('detail.rating')}</h2>
            {ratings.length ? (
              <ul class="plain">
                {ratings.map((event) => (
                  <li key={event.id}>
                    <span class="stars" aria-hidden="true">
                      {'★'.repeat(event.type === 'rating' ? event.score : 0)}
                    </span>{' '}
                    {event.type === 'rating' && t('detail.stars', { score: event.score })} <span class="muted">{dateTime(event.at)}</span>
                    {event.type === 'rating' && event.comment && <p class="event-body">{event.comment}</p>}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('detail.noRating')}</p>
            )}
            <h3>{t('detail.reopens')}</h3>
            {reopens.length ? (
              <ul class="plain">
                {reopens.map((event) => (
                  <li key={event.id}>
                    <span class="muted">{dateTime(event.at)}</span> {event.type === 'reopened' && event.reason}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('detail.noReopens')}</p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

/** A short internal text (a note, an adoption's note) and its button: the label is for screen readers, the placeholder shows. */
function TextForm(props: { id: string; label: string; placeholder: string; value: string; onInput: (value: string) => void; onSubmit: () => unknown; disabled: boolean; submit: string }) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSubmit();
      }}
    >
      <label class="sr-only" for={props.id}>
        {props.label}
      </label>
      <textarea id={props.id} rows={2} value={props.value} placeholder={props.placeholder} onInput={(event) => props.onInput(event.currentTarget.value)} />
      <button type="submit" disabled={props.disabled}>
        {props.submit}
      </button>
    </form>
  );
}

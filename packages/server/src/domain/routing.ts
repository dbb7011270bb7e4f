import type { Priority, RoutingSettings } from '@fankui/core';
import { invalidBody } from '../errors';

/**
 * The team a new ticket goes to: the first routing rule whose conditions all hold (category,
 * one of the sub-types, priority; a condition left out holds for every ticket), else the
 * default team, else none.
 *
 * @example
 * routeTicket({ teams, rules: [{ category: 'payment', team: 'risk' }], defaultTeam: 'support' }, { category: 'payment', subtypes: [], priority: 'high' })
 * // 'risk'
 */
export function routeTicket(routing: RoutingSettings, ticket: { category: string | null; subtypes: readonly string[]; priority: Priority }): string | null {
  for (const rule of routing.rules) {
    if (rule.category !== undefined && rule.category !== ticket.category) continue;
    if (rule.subtype !== undefined && !ticket.subtypes.includes(rule.subtype)) continue;
    if (rule.priority !== undefined && rule.priority !== ticket.priority) continue;
    return rule.team;
  }
  return routing.defaultTeam;
}

/** An operator names a team (reassign, a new ticket): it must be one of the settings' teams (400 `unknown_team` otherwise). */
export function checkTeam(routing: RoutingSettings, team: string | null | undefined): void {
  if (team === null || team === undefined || routing.teams.some((item) => item.id === team)) return;
  throw invalidBody([{ path: 'team', code: 'unknown_team', message: `No team "${team}"; the teams are set in the settings (routing)` }], `No team "${team}"`);
}

import { z } from 'zod';
import { LIMITS } from '../limits';
import { PrioritySchema, Slug, text } from './primitives';

/**
 * Teams and routing (问题分发): who handles which tickets. Operators are known by the display
 * name of their token (the name assignments and "mine" use), so a team's members are those
 * names. Routing rules are checked in order when a ticket is created, from the SDK or by an
 * operator; the first that matches gives the ticket its team, else `defaultTeam` does.
 * They live in the settings (`AdminSettings.routing`): versioned, and shared by every server
 * on one store.
 */

export const MAX_TEAMS = 50;
export const MAX_ROUTING_RULES = 100;
const MAX_TEAM_MEMBERS = 200;

/**
 * A team's id, used in routing rules, on tickets and in the list's `team=` filter. `none` and
 * `mine` are taken: `team=none` lists tickets without a team, `team=mine` those of the
 * signed-in operator's teams.
 */
export const TeamId = Slug.refine((value) => value !== 'none' && value !== 'mine', {
  message: '"none" and "mine" are reserved (team=none: tickets without a team; team=mine: my teams\' tickets)',
  params: { code: 'reserved' },
});

/** An operator's display name: the name of their token, as assignments use it. */
const OperatorName = text().trim().min(1).max(LIMITS.shortTextMaxLength);

/** A team (技术支持, 产品, 客服, 风控…) and the operators in it. */
export const TeamSchema = z
  .strictObject({
    id: TeamId,
    /** Shown to operators only, hence one plain name rather than localized text. */
    name: text().trim().min(1).max(LIMITS.shortTextMaxLength),
    members: z.array(OperatorName).max(MAX_TEAM_MEMBERS).default([]),
  })
  .meta({ id: 'Team' });

/**
 * Sends a new ticket to `team` when every condition given holds: its category, one of its
 * sub-types, its priority (after triage, or as the operator set it). A rule with no
 * condition matches every ticket.
 */
export const RoutingRuleSchema = z
  .strictObject({
    category: Slug.optional(),
    subtype: Slug.optional(),
    priority: PrioritySchema.optional(),
    team: TeamId,
  })
  .meta({ id: 'RoutingRule' });

/** The teams, the rules in the order they are checked (first match wins), and the team of tickets no rule matches. */
export const RoutingSettings = z
  .strictObject({
    teams: z.array(TeamSchema).max(MAX_TEAMS).default([]),
    rules: z.array(RoutingRuleSchema).max(MAX_ROUTING_RULES).default([]),
    defaultTeam: TeamId.nullable().default(null),
  })
  .superRefine((routing, ctx) => {
    const ids = new Set<string>();
    routing.teams.forEach((team, index) => {
      if (ids.has(team.id)) ctx.addIssue({ code: 'custom', path: ['teams', index, 'id'], message: `Team "${team.id}" is defined twice`, params: { code: 'duplicate' } });
      ids.add(team.id);
    });
    routing.rules.forEach((rule, index) => {
      if (!ids.has(rule.team)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'team'], message: `No team "${rule.team}"`, params: { code: 'unknown_team' } });
    });
    if (routing.defaultTeam !== null && !ids.has(routing.defaultTeam)) {
      ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `No team "${routing.defaultTeam}"`, params: { code: 'unknown_team' } });
    }
  })
  .meta({ id: 'RoutingSettings' });

/** Routing while nobody saved any: no teams, every ticket without a team. */
export const DEFAULT_ROUTING: z.output<typeof RoutingSettings> = { teams: [], rules: [], defaultTeam: null };

/** The list's `team=` value: a team's id, `none` for tickets without a team, `mine` for those of the teams the operator is a member of. */
export const TeamFilter = Slug.meta({ description: 'A team id, `none` for tickets without a team, or `mine` for the tickets of the teams the signed-in operator belongs to' });

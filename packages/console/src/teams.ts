import type { RoutingSettings, Team } from '@fankui/core';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';

/**
 * The teams and routing rules in force (`GET /v1/admin/settings`' `routing`), loaded once
 * per page and refreshed after a settings save: the inbox's team filter, the ticket's team
 * picker and the new-ticket form offer them.
 */
let cached: Promise<RoutingSettings> | null = null;
const listeners = new Set<(routing: RoutingSettings) => void>();

export function loadRouting(fresh = false): Promise<RoutingSettings> {
  if (!cached || fresh) {
    cached = api.settings().then((settings) => settings.routing);
    cached.then((routing) => listeners.forEach((listener) => listener(routing)), () => (cached = null));
  }
  return cached;
}

/** The teams, in the settings' order; empty while loading or when none are defined. */
export function useTeams(): Team[] {
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => {
    const listener = (routing: RoutingSettings) => setTeams(routing.teams);
    listeners.add(listener);
    loadRouting().then(listener, () => undefined);
    return () => void listeners.delete(listener);
  }, []);
  return teams;
}

/** A team's name, or its id when the settings no longer define it. */
export function teamName(teams: readonly Team[], id: string | null | undefined): string {
  if (id === null || id === undefined) return '';
  const team = teams.find((candidate) => candidate.id === id);
  return team ? team.name : id;
}

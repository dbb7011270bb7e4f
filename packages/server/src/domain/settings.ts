import { createHash } from 'node:crypto';
import {
  DEFAULT_PRIORITY_RULES,
  DEFAULT_SELF_HELP,
  normalizeText,
  type AdminSettings,
  type FormDefinition,
  type KeywordRule,
  type PriorityRules,
  type RemoteConfig,
  type RoutingSettings,
  type SelfHelpArticle,
  type SlaPromises,
} from '@fankui/core';
import {
  DEFAULT_ROUTING,
  FormDefinition as FormDefinitionSchema,
  RoutingSettings as RoutingSettingsSchema,
  SelfHelpArticleSchema,
  SlaPromises as SlaPromisesSchema,
  TriageSettings,
  type AdminSettingsPatch,
} from '@fankui/core/schema';
import { z } from 'zod';
import type { Operator } from '../auth';
import type { ServerConfig } from '../config';
import { conflict } from '../errors';
import type { Store } from '../store/store';
import { remoteSubscribeTemplates } from './wechat/subscriptions';

/**
 * The settings operators change at run time (form, SLA targets, triage keyword rules,
 * self-help FAQ), read from the store and kept for a moment so that a submission does not
 * cost a query. Until an operator saves, the config file's form and SLA and core's default
 * rules apply. Every server on the same store sees a save within `CACHE_MS`; the one that
 * saved, at once.
 */
export interface ActiveSettings {
  form: FormDefinition;
  sla: SlaPromises;
  keywordRules: KeywordRule[];
  selfHelp: SelfHelpArticle[];
  /** Teams and the rules that route new tickets (`routeTicket`). */
  routing: RoutingSettings;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  /** Core's priority rules with the saved keyword rules. */
  priorityRules: PriorityRules;
  /** Every keyword of the rules with its normalised form, for the "hot keywords" statistics. */
  keywords: { keyword: string; needle: string }[];
  /** `GET /v1/config`: the exact bytes and their strong ETag. */
  remote: { body: string; etag: string };
}

/** How long a server trusts its copy of the saved settings. */
export const SETTINGS_CACHE_MS = 2_000;

type SavedBody = { form: FormDefinition; sla: SlaPromises; triage: { keywordRules: KeywordRule[] }; selfHelp: SelfHelpArticle[]; routing: RoutingSettings };
// Settings saved before teams existed have no `routing`: they read as no teams.
const SavedBodySchema = z.object({ form: FormDefinitionSchema, sla: SlaPromisesSchema, triage: TriageSettings, selfHelp: z.array(SelfHelpArticleSchema), routing: RoutingSettingsSchema.default(DEFAULT_ROUTING) });

function activate(body: SavedBody, meta: { version: number; updatedAt: string | null; updatedBy: string | null }, fromConfig: Partial<RemoteConfig> = {}): ActiveSettings {
  // `fromConfig`: what the config file, not operators, decides (the subscribe-message templates).
  const remote: RemoteConfig = Object.assign({ form: body.form, sla: body.sla, selfHelp: body.selfHelp }, fromConfig);
  const remoteBody = JSON.stringify(remote);
  const keywords = [...new Set(body.triage.keywordRules.flatMap((rule) => rule.keywords))]
    .map((keyword) => ({ keyword, needle: normalizeText(keyword) }))
    .filter(({ needle }) => needle !== '');
  return {
    form: body.form,
    sla: body.sla,
    keywordRules: body.triage.keywordRules,
    selfHelp: body.selfHelp,
    routing: body.routing,
    ...meta,
    priorityRules: Object.assign({}, DEFAULT_PRIORITY_RULES, { keywordRules: body.triage.keywordRules }),
    keywords,
    remote: { body: remoteBody, etag: `"${createHash('sha256').update(remoteBody).digest('base64url').slice(0, 32)}"` },
  };
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order they were written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** The form's content without its version: what decides whether a save changed it. */
const formContent = (form: FormDefinition) => canonicalJson(Object.assign({}, form, { version: 0 }));

/** A saved body read back, parsed again: defaults and types hold, and keys are in schema order for the ETag. */
const parseSaved = (body: Record<string, unknown>): SavedBody => SavedBodySchema.parse(body) as SavedBody;

export interface Settings {
  /** The settings in force (cached for `SETTINGS_CACHE_MS`). */
  current(): Promise<ActiveSettings>;
  /**
   * The form a submission names: the active one, the config file's, or any version saved
   * before (so what was queued offline under an older form still counts); null if unknown.
   */
  formFor(id: string, version: number): Promise<FormDefinition | null>;
  /** Saves the sections given over `patch.version` (409 `conflict` when someone saved since). */
  save(patch: z.output<typeof AdminSettingsPatch>, operator: Operator, at: Date): Promise<ActiveSettings>;
}

/**
 * @example
 * const settings = createSettings(store, config);
 * (await settings.current()).form.version // the config file's until an operator saves
 */
export function createSettings(store: Store, config: ServerConfig): Settings {
  const defaults: SavedBody = {
    form: config.form,
    sla: config.sla,
    triage: { keywordRules: DEFAULT_PRIORITY_RULES.keywordRules },
    selfHelp: DEFAULT_SELF_HELP,
    routing: DEFAULT_ROUTING,
  };
  const subscribeTemplates = remoteSubscribeTemplates(config);
  const fromConfig: Partial<RemoteConfig> = subscribeTemplates ? { subscribeTemplates } : {};
  let cached: { settings: ActiveSettings; until: number } | null = null;
  let loading: Promise<ActiveSettings> | null = null;
  const forms = new Map<string, FormDefinition | null>();

  async function load(): Promise<ActiveSettings> {
    const saved = await store.getSettings();
    const settings = saved
      ? activate(parseSaved(saved.body), { version: saved.version, updatedAt: saved.updatedAt, updatedBy: saved.updatedBy }, fromConfig)
      : activate(defaults, { version: 0, updatedAt: null, updatedBy: null }, fromConfig);
    cached = { settings, until: Date.now() + SETTINGS_CACHE_MS };
    return settings;
  }

  async function current(): Promise<ActiveSettings> {
    if (cached && Date.now() < cached.until) return cached.settings;
    // One read at a time: a burst of submissions after expiry shares it.
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  return {
    current,

    async formFor(id, version) {
      const { form } = await current();
      if (form.id === id && form.version === version) return form;
      if (config.form.id === id && config.form.version === version) return config.form;
      const key = `${id}@${version}`;
      if (forms.has(key)) return forms.get(key) ?? null;
      const kept = await store.getFormVersion(id, version);
      // Validated when it was saved; parsed again so defaults and types hold.
      const definition = kept === null ? null : FormDefinitionSchema.parse(kept);
      if (definition) forms.set(key, definition);
      return definition;
    },

    async save(patch, operator, at) {
      const now = await load();
      if (patch.version !== now.version) throw conflict(`The settings were saved by ${now.updatedBy ?? 'someone'} since version ${patch.version}; reload them and try again`);
      let form = now.form;
      if (patch.form && formContent(patch.form) !== formContent(now.form)) {
        // Apps cache forms by version: a changed form is always a new version.
        form = Object.assign({}, patch.form, { version: Math.max(now.form.version + 1, patch.form.version) });
      }
      const body: SavedBody = {
        form,
        sla: patch.sla ?? now.sla,
        triage: patch.triage ?? { keywordRules: now.keywordRules },
        selfHelp: (patch.selfHelp ?? now.selfHelp) as SelfHelpArticle[],
        routing: patch.routing ?? now.routing,
      };
      const record = { version: now.version + 1, body: body as unknown as Record<string, unknown>, updatedAt: at.toISOString(), updatedBy: operator.name };
      const saved = await store.saveSettings(record, { id: form.id, version: form.version, definition: form });
      if (!saved) throw conflict('The settings were saved by someone else meanwhile; reload them and try again');
      const settings = activate(body, { version: record.version, updatedAt: record.updatedAt, updatedBy: record.updatedBy }, fromConfig);
      cached = { settings, until: Date.now() + SETTINGS_CACHE_MS };
      return settings;
    },
  };
}

/** The wire view of the settings in force. */
export function toAdminSettings(settings: ActiveSettings): AdminSettings {
  return {
    form: settings.form,
    sla: settings.sla,
    triage: { keywordRules: settings.keywordRules },
    selfHelp: settings.selfHelp as AdminSettings['selfHelp'],
    routing: settings.routing,
    version: settings.version,
    updatedAt: settings.updatedAt,
    updatedBy: settings.updatedBy,
  };
}

import { z } from 'zod';
import { LIMITS } from '../limits';
import { SlaPromises } from './config';
import { FormDefinition } from './form';
import { Timestamp, text } from './primitives';
import { MAX_SELF_HELP_ARTICLES, SelfHelpArticleSchema, TriageSettings } from './triage';
import { RoutingSettings } from './teams';

/**
 * What operators change at run time from the console: the form, the SLA promises, the
 * triage keywords and the self-help FAQ. The server keeps them in its store; until someone
 * saves them, the config file's form and SLA and core's default rules apply. Apps receive
 * the form, the SLA and the FAQ through `GET /v1/config` without a release.
 */

/** `GET /v1/admin/settings`: the settings in force, with the version an update must name. */
export const AdminSettings = z
  .object({
    form: FormDefinition,
    sla: SlaPromises,
    triage: TriageSettings,
    selfHelp: z.array(SelfHelpArticleSchema).max(MAX_SELF_HELP_ARTICLES),
    /** Teams and the rules that route new tickets to them. */
    routing: RoutingSettings,
    /** Grows by one with every saved change; 0 while the defaults apply. */
    version: z.int().nonnegative(),
    updatedAt: Timestamp.nullable(),
    /** Display name of the operator who saved last. */
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'AdminSettings' });

/**
 * `PATCH /v1/admin/settings`: the sections to replace (others stay). `version` must be the
 * version read (409 `conflict` when someone saved since). A form whose content changed is
 * saved with the next form version whatever `form.version` says, so apps see a new version.
 */
export const AdminSettingsPatch = z
  .strictObject({
    version: z.int().nonnegative(),
    form: FormDefinition.optional(),
    sla: SlaPromises.optional(),
    triage: TriageSettings.optional(),
    selfHelp: z.array(SelfHelpArticleSchema).max(MAX_SELF_HELP_ARTICLES).optional(),
    routing: RoutingSettings.optional(),
  })
  .refine((patch) => Object.keys(patch).some((key) => key !== 'version'), { message: 'nothing to change' })
  .meta({ id: 'AdminSettingsPatch' });

/** Who is signed in: `GET /v1/admin/session`. */
export const AdminSession = z
  .object({
    operator: z.object({ name: z.string() }),
    /** Where the token comes from: the server's config file/environment, or created in the console/CLI. */
    tokenSource: z.enum(['config', 'store']),
  })
  .meta({ id: 'AdminSession' });

/** One operator token, without the token: `GET /v1/admin/operator-tokens`. */
export const OperatorTokenInfo = z
  .object({
    /** `config:<n>` for tokens from the configuration (they cannot be revoked here). */
    id: z.string(),
    name: z.string(),
    source: z.enum(['config', 'store']),
    createdAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'OperatorTokenInfo' });

export const OperatorTokenList = z.object({ items: z.array(OperatorTokenInfo) }).meta({ id: 'OperatorTokenList' });

/** `POST /v1/admin/operator-tokens`. */
export const OperatorTokenCreate = z
  .strictObject({ name: text().trim().min(1).max(LIMITS.shortTextMaxLength) })
  .meta({ id: 'OperatorTokenCreate' });

/** The new token, shown this once; the server keeps only its SHA-256. */
export const OperatorTokenCreated = OperatorTokenInfo.extend({ token: z.string() }).meta({ id: 'OperatorTokenCreated' });

/** `config:<n>` ids name configured tokens (409 on revoke); others are stored ones. */
export const OperatorTokenParams = z.strictObject({ id: text().min(1).max(LIMITS.idMaxLength) });

import { z } from 'zod';
import { KnownIssueNotice, MAX_NOTICES } from './alerts';
import { FormDefinition } from './form';
import { ClientId, text } from './primitives';
import { MAX_SELF_HELP_ARTICLES, SelfHelpArticleSchema } from './triage';

const minutesByPriority = z.strictObject({
  high: z.int().positive(),
  medium: z.int().positive(),
  low: z.int().positive(),
});

/** The SLA promises the server makes, in minutes per priority. */
export const SlaPromises = z
  .strictObject({ firstResponseMinutes: minutesByPriority, resolutionMinutes: minutesByPriority })
  .meta({ id: 'SlaPromises' });

/** A WeChat subscribe-message template id (订阅消息模板 ID, from the mini-program's admin console). */
const TemplateId = text().min(1).max(128);

/**
 * The subscribe-message templates the server sends with (订阅消息): `replied` when an operator
 * replies, `statusChanged` when the ticket's status moves. Forms ask for them in the submit tap.
 */
export const SubscribeTemplates = z
  .strictObject({ replied: TemplateId.optional(), statusChanged: TemplateId.optional() })
  .meta({ id: 'SubscribeTemplates' });

/**
 * `GET /v1/config`: what the client renders; categories can change without an app release.
 * `selfHelp` is the FAQ operators keep in the console (absent from servers that have none);
 * `subscribeTemplates` is there when the server sends WeChat subscribe messages.
 */
export const RemoteConfig = z
  .strictObject({
    form: FormDefinition,
    sla: SlaPromises,
    selfHelp: z.array(SelfHelpArticleSchema).max(MAX_SELF_HELP_ARTICLES).optional(),
    subscribeTemplates: SubscribeTemplates.optional(),
    /** Known-issue notices of open spike alerts (absent while there are none). */
    notices: z.array(KnownIssueNotice).max(MAX_NOTICES).optional(),
  })
  .meta({ id: 'RemoteConfig' });

/**
 * `POST /v1/deflections`: the reporter found the self-help answer enough ("已解决").
 * `id` is the client's idempotency key, as for a submission: a repeat from the same
 * reporter is recorded once. Optional only so that older clients keep working.
 */
export const DeflectionCreate = z
  .strictObject({
    id: ClientId.optional(),
    articleId: text().min(1).max(64),
    category: text().max(64).optional(),
  })
  .meta({ id: 'DeflectionCreate' });

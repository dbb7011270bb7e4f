/**
 * Hand-written guards for the answers the client relies on. The server validates with
 * zod; the client only checks what it reads, so a malformed answer is refused (and
 * treated like a server error) instead of crashing the queue. No zod here: the budget.
 */
import { FIELD_KINDS, PRIORITIES } from '@fankui/core';
import type { FormDefinition, Priority, RemoteConfig, SubmissionResult, TicketDetail, TicketList, TicketSummary } from '@fankui/core';

type Record_ = Record<string, unknown>;

export const isObject = (value: unknown): value is Record_ =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isPositive = (value: unknown) => typeof value === 'number' && value > 0 && value < Infinity;
const every = (value: unknown, guard: (item: unknown) => boolean): value is unknown[] => Array.isArray(value) && value.every(guard);

/**
 * One result per item of `ids`, in request order, each one the protocol knows. A result
 * must name its item (`rejected` may say null when the item's id was unreadable).
 */
export function isBatchResults(value: unknown, ids: readonly string[]): value is { results: SubmissionResult[] } {
  const results = isObject(value) ? value.results : undefined;
  return (
    Array.isArray(results) &&
    results.length === ids.length &&
    results.every((result: unknown, index) => {
      if (!isObject(result)) return false;
      if (result.status === 'rejected') return (result.id === null || result.id === ids[index]) && isObject(result.reason) && isString(result.reason.code);
      return (result.status === 'accepted' || result.status === 'duplicate') && result.id === ids[index] && isString(result.ticketId);
    })
  );
}

/** The answer to an upload (`AttachmentCreated`): the server's id of the file. */
export const isCreated = (value: unknown): value is { id: string } => isObject(value) && isString(value.id);

/** The acknowledgement of an `accepted` result, when it is usable. */
export const isAcknowledgement = (value: unknown): value is { message: string; priority: Priority; firstResponseDueAt: string } =>
  isObject(value) && isString(value.message) && PRIORITIES.includes(value.priority as never) && isString(value.firstResponseDueAt);

/** The fields a ticket row is keyed, labelled and sorted by. */
export const isTicketSummary = (value: unknown): value is TicketSummary =>
  isObject(value) && ['id', 'clientId', 'status', 'createdAt'].every((key) => isString(value[key]));

export const isTicketList = (value: unknown): value is TicketList =>
  isObject(value) && every(value.items, isTicketSummary) && (value.nextCursor === null || isString(value.nextCursor));

export const isTicketDetail = (value: unknown): value is TicketDetail =>
  isTicketSummary(value) && isObject((value as Record_).answers) && every((value as Record_).timeline, isObject);

const isLocalized = (value: unknown) => isObject(value) && isString(value['zh-CN']);

const isField = (field: unknown) =>
  isObject(field) &&
  isString(field.id) &&
  FIELD_KINDS.includes(field.kind as never) &&
  isLocalized(field.label) &&
  (!['select', 'multiselect', 'radio'].includes(field.kind as string) ||
    every(field.options, (option) => isObject(option) && isString(option.value) && isLocalized(option.label)));

export const isFormDefinition = (value: unknown): value is FormDefinition =>
  isObject(value) &&
  isString(value.id) &&
  isPositive(value.version) &&
  isLocalized(value.title) &&
  every(value.fields, isField) &&
  (value.fields as unknown[]).length > 0;

const isMinutes = (value: unknown) => isObject(value) && PRIORITIES.every((priority) => isPositive(value[priority]));

/** A config the client can render: a plausible form and SLA minutes for every priority. */
export const isRemoteConfig = (value: unknown): value is RemoteConfig =>
  isObject(value) &&
  isFormDefinition(value.form) &&
  isObject(value.sla) &&
  isMinutes(value.sla.firstResponseMinutes) &&
  isMinutes(value.sla.resolutionMinutes) &&
  // The FAQ, when there is one, is a list (suggestSelfHelp reads it); anything else is no usable config.
  (value.selfHelp === undefined || Array.isArray(value.selfHelp)) &&
  // Known-issue notices likewise: forms filter the list.
  (value.notices === undefined || Array.isArray(value.notices));

import type { Priority, SubmissionInput } from '@fankui/core';
import { isObject } from '../guards';

/** Local attachment ids look like this until the upload swaps them for server ids. */
export const LOCAL_FILE_PREFIX = 'local-';

/** What the queue stores under `fankui:q:<id>`. */
export interface QueuedItem {
  /** The wire submission; attachments and image answers may still hold local file ids. */
  submission: SubmissionInput;
  /** Local file id → server attachment id, null until uploaded. */
  files: Record<string, string | null>;
  /** The priority promised when it was queued. */
  priority: Priority;
  /** When the promised first response is due (ISO), for the local ticket cache. */
  dueAt: string;
}

/** A stored item the queue can send: anything else is corrupt. */
export function isQueuedItem(value: unknown, id: string): value is QueuedItem {
  return (
    isObject(value) &&
    isObject(value.submission) &&
    value.submission.id === id &&
    isObject(value.submission.answers) &&
    isObject(value.files) &&
    typeof value.priority === 'string' &&
    typeof value.dueAt === 'string'
  );
}

const swap = (files: QueuedItem['files'], value: string) => (value in files ? files[value]! : value);

/** Applies `change` to each list a file id can be in: the array answers (images) and `attachments`. In place. */
function changeFileLists(submission: SubmissionInput, change: (ids: unknown[]) => unknown[]): void {
  const answers = submission.answers as Record<string, unknown>;
  for (const [field, value] of Object.entries(answers)) if (Array.isArray(value)) answers[field] = change(value);
  submission.attachments = change(submission.attachments || []) as string[];
}

/**
 * The submission as the server gets it: local file ids replaced by server ids. Call it only
 * when every file is uploaded.
 */
export function toWire(item: QueuedItem): SubmissionInput {
  const wire: SubmissionInput = Object.assign({}, item.submission, { answers: Object.assign({}, item.submission.answers) });
  changeFileLists(wire, (ids) => ids.map((id) => (typeof id === 'string' ? swap(item.files, id) : id)));
  return wire;
}

/** Forgets a file the server refused (or that vanished) so the rest of the submission still goes. */
export function withoutFile(item: QueuedItem, fileId: string): void {
  delete item.files[fileId];
  changeFileLists(item.submission, (ids) => ids.filter((id) => id !== fileId));
}

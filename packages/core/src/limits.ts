/**
 * Size caps shared by the wire schemas (server-side validation) and the zod-free
 * guards in clients. One number, one place: change it here and both sides follow.
 */
export const LIMITS = {
  /** Items in one `POST /v1/submissions` batch. */
  batchMaxItems: 50,
  /** Raw JSON body of a submissions batch, in bytes. */
  batchMaxBytes: 1_000_000,
  /** Any other JSON body, in bytes. */
  bodyMaxBytes: 64_000,
  /** Identifiers chosen by clients or integrators (form ids, field ids, option values). */
  idMaxLength: 64,
  /** Short labels: option labels, names, page paths. */
  shortTextMaxLength: 200,
  /** Free text: descriptions, messages, replies. */
  longTextMaxLength: 2_000,
  /** Rating comments and reopen reasons. */
  commentMaxLength: 500,
  /** Fields in one form; answers in one submission. */
  formMaxFields: 50,
  /** Options in one select/multiselect/radio field. */
  fieldMaxOptions: 100,
  /** Values in one multiselect answer. */
  answerMaxItems: 50,
  /** Attachments (images) on one submission or message. */
  attachmentsMaxCount: 9,
  /** Bytes of one uploaded image. */
  attachmentMaxBytes: 5 * 1024 * 1024,
  /**
   * Pixels (width × height) an uploaded image may declare: 50 million takes a 48 MP phone
   * photo and any long scrolling screenshot, and refuses decompression bombs.
   */
  imageMaxPixels: 50_000_000,
  /** Free-form context values (system info). */
  contextMaxEntries: 30,
  /** Page size of ticket lists. */
  pageMaxSize: 100,
} as const;

/** Object keys that can never be accepted from the wire: they reach Object.prototype. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * `@fankui/weapp` — Fankui for native WeChat mini-programs. The components live in
 * `miniprogram_dist/<name>/` (`fankui-entry`…, declared in a page's `usingComponents`);
 * this entry is what app code requires: hand the components their client with
 * `configure`, and build that client with what is re-exported here, so the client code
 * ships once, inside `miniprogram_dist`.
 *
 * @example
 * // app.js
 * const { configure, createWxClient, DEFAULT_FORM, validateAnswers } = require('@fankui/weapp');
 * configure({
 *   client: createWxClient({ endpoint: 'https://feedback.example.com', form: DEFAULT_FORM, validate: validateAnswers }),
 *   feedbackUrl: '/pages/feedback/index',
 * });
 * App({});
 *
 * // pages/mine/index.json
 * { "usingComponents": { "fankui-entry": "@fankui/weapp/fankui-entry/index" } }
 */
export { configure, fankuiContext, resetConfiguration, type FankuiContext, type FankuiSettings } from './common/context';
export { createWxClient, type WxClientOptions, type Client, type ClientEvents, type SubmitReceipt, type TicketRow } from '@fankui/client/wx';
export { DEFAULT_FORM, validateAnswers, type FormDefinition, type Locale } from '@fankui/core';

import Taro from '@tarojs/taro';
import { DEFAULT_FORM, validateAnswers } from '@fankui/core';
import { createTaroClient } from '@fankui/client/taro';
import { createWebClient } from '@fankui/client/web';

const options = {
  /** FANKUI_ENDPOINT is set at build time (config/index.ts). */
  endpoint: FANKUI_ENDPOINT,
  form: DEFAULT_FORM,
  appVersion: '1.0.0',
  /** The form checks answers with core's validator before anything is stored. */
  validate: validateAnswers,
  // `npm run demo` only: act as the reporter of the server's seeded demo tickets, so that
  // 我的反馈 is not empty. A real app leaves this out (each device gets its own secret) or
  // hands the client a user token signed by its backend.
  ...(FANKUI_DEMO_REPORTER ? { getUserToken: () => FANKUI_DEMO_REPORTER } : {}),
};

/**
 * The app's one Fankui client: submissions are stored first and sent when the network
 * allows. In the mini-program it runs over Taro's wx-like APIs; in the H5 build over the
 * browser's (fetch, localStorage, online/offline events): Taro's H5 runtime does not put
 * its APIs on the default `Taro` object. `process.env.TARO_ENV` is replaced at build
 * time, so each build ships only its own branch.
 */
export const feedbackClient =
  process.env.TARO_ENV === 'h5' ? createWebClient({ ...options, platform: 'h5' }) : createTaroClient({ taro: Taro, ...options });

// The app's one Fankui client, handed to the components before any page shows them.
// `require('@fankui/weapp')` resolves to miniprogram_npm/@fankui/weapp after 构建 npm
// (or `node scripts/build-npm.mjs`); the client and core ship inside it, once.
const { configure, createWxClient, DEFAULT_FORM, validateAnswers } = require('@fankui/weapp');
const config = require('./config');

const options = {
  endpoint: config.endpoint,
  form: DEFAULT_FORM,
  appVersion: config.appVersion,
  // The form checks answers with core's validator before anything is stored.
  validate: validateAnswers,
};
if (config.demoReporter) options.getUserToken = () => config.demoReporter;

configure({
  client: createWxClient(options),
  // What fankui-entry opens (this is also the default).
  feedbackUrl: '/pages/feedback/index',
});

App({});

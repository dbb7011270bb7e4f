/**
 * Where the example's Fankui client sends feedback: the reference server on this machine
 * (`npx fankui-server start`, or `npm run demo` from the repo root, listens on
 * http://127.0.0.1:8787). DevTools' simulator reaches 127.0.0.1; a phone (预览 / 真机调试)
 * needs this machine's LAN address here and 不校验合法域名 turned on in its debug panel.
 * A released app points at its own HTTPS domain, listed under request 合法域名.
 */
module.exports = {
  endpoint: 'http://127.0.0.1:8787',
  appVersion: '1.0.0',
  /**
   * Demo only: the reporter secret the tickets of `fankui-server start --seed-demo` belong
   * to, so that 我的反馈 is not empty: 'dede…de' (64 characters). A real app leaves it
   * empty (each device gets its own secret) or hands over a user token its backend signs.
   */
  demoReporter: '',
};

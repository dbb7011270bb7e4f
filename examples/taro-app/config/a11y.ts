/**
 * What mini-program screen readers need from Fankui's components, carried into the build.
 *
 * Taro's mini-program templates only write the attributes they list for each component, and
 * they list no `aria-*`: without this, every role and name @fankui/taro sets is dropped (0 in
 * the built WXML). `@tarojs/plugin-inject` adds them to the templates and to Taro's runtime.
 * WeChat reads `aria-role` (not `role`) and `aria-label`; the states below are the ones the
 * components set (docs/taro.md, "Accessibility"). tests/taro-weapp-build.test.ts checks the
 * built templates carry them.
 *
 * An empty value binds the attribute to the component's own value (`aria-checked="{{i.…}}"`),
 * so `false` reaches WeChat as false rather than as "absent".
 */
const STATES = { 'aria-role': '', 'aria-label': '', 'aria-hidden': '', 'aria-checked': '', 'aria-selected': '', 'aria-disabled': '', 'aria-expanded': '', 'aria-required': '' };

export const a11yTemplates: [string, { components: Record<string, Record<string, string>> }] = [
  '@tarojs/plugin-inject',
  {
    components: {
      View: STATES,
      Text: { 'aria-role': '', 'aria-label': '', 'aria-hidden': '' },
      Button: { 'aria-label': '', 'aria-disabled': '' },
      Input: { 'aria-label': '', 'aria-required': '' },
      Textarea: { 'aria-label': '', 'aria-required': '' },
    },
  },
];

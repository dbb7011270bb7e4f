/**
 * WeChat follows the phone's dark mode (`darkmode`): Fankui's styles switch by themselves,
 * and the bars take their colours from theme.json (`@…` below). H5, Alipay and Douyin have
 * no theme.json: their bars keep the light colours.
 */
const themed = process.env.TARO_ENV === 'weapp';
const theme = (variable: string, light: string) => (themed ? `@${variable}` : light);

export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index', 'pages/feedback/index'],
  // H5 only: without the slide animation, Taro's router cannot leave the previous page
  // hidden. With it, navigateTo hides that page on a timer (350 ms) that navigateBack does not
  // cancel: going back sooner showed a blank page until a tab switch (docs/example-app.md).
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  ...(themed ? { darkmode: true, themeLocation: 'theme.json' } : {}),
  window: {
    navigationBarTitleText: 'Fankui 示例',
    navigationBarBackgroundColor: theme('navBackground', '#ffffff'),
    navigationBarTextStyle: theme('navText', 'black') as 'black',
    backgroundColor: theme('background', '#f5f6f7'),
    backgroundTextStyle: theme('backgroundText', 'light') as 'light',
  },
  tabBar: {
    // WCAG AA on white: 5.4:1 each (WeChat's #999999 and #07c160 give 2.8 and 2.4); dark: 7:1.
    color: theme('tabText', '#646a73'),
    selectedColor: theme('tabSelected', '#047a43'),
    backgroundColor: theme('tabBackground', '#ffffff'),
    borderStyle: theme('tabBorder', 'black') as 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab-home.png', selectedIconPath: 'assets/tab-home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab-mine.png', selectedIconPath: 'assets/tab-mine-active.png' },
    ],
  },
});

export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index', 'pages/feedback/index'],
  // H5 only: without the slide animation, Taro's router cannot leave the previous page
  // hidden. With it, navigateTo hides that page on a timer (350 ms) that navigateBack does not
  // cancel: going back sooner showed a blank page until a tab switch (docs/example-app.md).
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  window: {
    navigationBarTitleText: 'Fankui 示例',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    backgroundTextStyle: 'light',
  },
  tabBar: {
    color: '#999999',
    selectedColor: '#07c160',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab-home.png', selectedIconPath: 'assets/tab-home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab-mine.png', selectedIconPath: 'assets/tab-mine-active.png' },
    ],
  },
});

// Pull-down refresh: 我的反馈 refreshes its list when the page is pulled down.
export default definePageConfig({ navigationBarTitleText: '反馈与投诉', enablePullDownRefresh: true });

export default definePageConfig({ navigationBarTitleText: '反馈与投诉' });

/**
 * `@fankui/taro` — the drop-in 反馈与投诉 for Taro (React): `FeedbackProvider` and
 * `useFeedback()`, `FeedbackEntry`, `FeedbackForm`, `FeedbackTracker`, `FeedbackCenter`.
 * Styles: `import '@fankui/taro/style.css'` once. See docs/taro.md.
 */
export { FeedbackProvider, type FeedbackProviderProps } from './FeedbackProvider';
export { useFeedback, type Deflection, type FeedbackContextValue } from './hooks/useFeedback';
export { FeedbackEntry, type FeedbackEntryProps } from './FeedbackEntry';
export { FeedbackForm, type FeedbackFormProps, type SubmittedReceipt } from './FeedbackForm';
export { FeedbackTracker, type FeedbackTrackerProps } from './FeedbackTracker';
export { FeedbackCenter, type FeedbackCenterProps } from './FeedbackCenter';
export type { StyleProps } from './util';

import type { PropsWithChildren } from 'react';
import { FeedbackProvider } from '@fankui/taro';
import '@fankui/taro/style.css';
import './app.css';
import { feedbackClient } from './feedback';

// H5 loads a page's code the first time it opens: fetch the feedback page's now, so that
// 反馈与投诉 still opens after the network is gone. (Mini-programs ship every page.)
if (process.env.TARO_ENV === 'h5') import('./pages/feedback/index').catch(() => undefined);

function App({ children }: PropsWithChildren) {
  return (
    <FeedbackProvider client={feedbackClient} feedbackUrl="/pages/feedback/index">
      {children}
    </FeedbackProvider>
  );
}

export default App;

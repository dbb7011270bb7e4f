import type { PropsWithChildren } from 'react';
import { FeedbackProvider } from '@fankui/taro';
import '@fankui/taro/style.css';
import './app.css';
import { feedbackClient } from './feedback';

function App({ children }: PropsWithChildren) {
  return (
    <FeedbackProvider client={feedbackClient} feedbackUrl="/pages/feedback/index">
      {children}
    </FeedbackProvider>
  );
}

export default App;

import Taro from '@tarojs/taro';
import { useState } from 'react';
import { useFeedback } from './useFeedback';

/**
 * Runs a ticket action (add information, rate, reopen) with a busy flag; a failure is a
 * toast, and what the user typed stays where it was.
 */
export function useAction(): [busy: boolean, run: (work: () => Promise<unknown>) => Promise<boolean>] {
  const { t } = useFeedback();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      return true;
    } catch {
      void Taro.showToast({ title: t('ui.failed'), icon: 'none' });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
}

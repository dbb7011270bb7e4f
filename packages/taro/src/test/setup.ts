import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { fakeTaro } from './fake-taro';

// Every component and @tarojs/components itself get the fake: there is no Taro runtime in jsdom.
vi.mock('@tarojs/taro', async () => {
  const { taro } = await import('./fake-taro');
  return { default: taro, ...taro };
});

afterEach(() => {
  cleanup();
  fakeTaro.reset();
  vi.useRealTimers();
});

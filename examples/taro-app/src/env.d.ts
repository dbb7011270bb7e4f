/// <reference types="@tarojs/taro" />

/** Base URL of the Fankui server, from FANKUI_ENDPOINT at build time (config/index.ts). */
declare const FANKUI_ENDPOINT: string;
/** `npm run demo` only: the reporter secret of the seeded demo tickets; '' otherwise. */
declare const FANKUI_DEMO_REPORTER: string;

declare module '*.css';

/** Replaced by Taro at build time with the target ('weapp', 'h5', …). */
declare const process: { env: { TARO_ENV: 'weapp' | 'h5' | 'alipay' | 'tt' | 'swan' | 'qq' | 'jd' | 'rn'; NODE_ENV: string } };

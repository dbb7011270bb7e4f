import type { RollupOptions } from 'rollup';

/** The miniprogram_dist build of @fankui/weapp (filled in with the components). */
export const weappBuild: RollupOptions[] = [];

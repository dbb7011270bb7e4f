/** Builds only miniprogram_dist, from the repository root: `npm run build -w @fankui/weapp`. */
import { weappBuild } from './rollup.config';

export default weappBuild;

import { readFileSync } from 'node:fs';
import type { Plugin } from 'rollup';

/**
 * Ships the components' one stylesheet as `dist/style.css` (`@fankui/taro/style.css`).
 * Rollup bundles no CSS of its own and the components do not import it (an app imports
 * it once), so it is emitted as an asset beside each output. Paths are relative to the
 * repository root, where the build runs.
 *
 * @example { pkg: 'taro', entries: { index: 'src/index.ts' }, plugins: [taroStyle()] }
 */
export function taroStyle(source = 'packages/taro/src/style.css'): Plugin {
  return {
    name: 'fankui-taro-style',
    buildStart() {
      this.addWatchFile(source);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'style.css', source: readFileSync(source, 'utf8') });
    },
  };
}

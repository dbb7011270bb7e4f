// Draws the tab bar icons (assets/tab-*.png, light and dark) with the repo's shared drawing
// code: node scripts/icons.mjs
import { writeTabIcons } from '../../../scripts/tab-icons.mjs';

// Light and dark tab bars (theme.json picks one): the unselected grey and the selected green
// of each meet 3:1 against their bar, as non-text contrast asks.
const COLORS = {
  '': { normal: [0x64, 0x6a, 0x73], active: [0x05, 0x87, 0x4a] },
  '-dark': { normal: [0xa3, 0xa8, 0xb0], active: [0x3f, 0xbf, 0x7f] },
};
for (const [suffix, colors] of Object.entries(COLORS)) writeTabIcons(new URL('../assets/', import.meta.url), { ...colors, suffix });

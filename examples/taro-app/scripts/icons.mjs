// Draws the tab bar icons (src/assets/tab-*.png) with the repo's shared drawing code:
// node scripts/icons.mjs
import { writeTabIcons } from '../../../scripts/tab-icons.mjs';

writeTabIcons(new URL('../src/assets/', import.meta.url), { normal: [0x99, 0x99, 0x99], active: [0x07, 0xc1, 0x60] });

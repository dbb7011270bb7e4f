/**
 * Text that follows the user's WeChat font size (我 → 设置 → 通用 → 字体大小).
 *
 * A mini-program's own styles decide its text size; WeChat reports the user's choice so a
 * page can follow it (`wx.getAppBaseInfo()`). Fankui does this for its
 * components: the setting is read once, when the settings are normalised, and each
 * component's root node gets `--fk-scale` (one tiny `setData` at attach, none at 1×).
 * `common/index.wxss` multiplies the base size (`--fankui-font-size`, 16px) by it, and
 * every other size is in em from there, so the whole layout grows with the text.
 */
import { FankuiError } from '@fankui/core';

/**
 * How the components size their text:
 * - `'system'` (default): the user's WeChat font setting;
 * - a number: that factor of the base size, whatever the setting (`1.25`);
 * - `false`: the base size only (an app that scales the text itself).
 */
export type FontScale = 'system' | number | false;

/** What WeChat reports about the font setting (`wx.getAppBaseInfo()`, `wx.getSystemInfoSync()`). */
export interface FontSettingInfo {
  /** 微信字体大小缩放比例 (`getAppBaseInfo`, base library 2.20.1). */
  fontSizeScaleFactor?: number;
  /** The user's text size in px (`getAppBaseInfo` from 2.23.4; `getSystemInfoSync` from 1.5.0). */
  fontSizeSetting?: number;
}

/** The size the styles are designed at (the `--fankui-font-size` default). */
const BASE_PX = 16;
/** Never smaller than 14px: below it body text stops being comfortable to read. */
export const MIN_FONT_SCALE = 0.875;
/** Never larger than 2× (32px): the largest size the styles are written and checked for. */
export const MAX_FONT_SCALE = 2;

const positive = (value: unknown): value is number => typeof value === 'number' && isFinite(value) && value > 0;

/**
 * The factor WeChat's setting asks for, or `undefined` when WeChat says nothing usable.
 * `fontSizeScaleFactor` is the factor itself; without it, `fontSizeSetting` is the size in
 * px the user chose, taken relative to the 16px the styles are designed at.
 */
export function systemFontScale(info: FontSettingInfo | undefined): number | undefined {
  if (!info) return undefined;
  if (positive(info.fontSizeScaleFactor)) return info.fontSizeScaleFactor;
  if (positive(info.fontSizeSetting)) return info.fontSizeSetting / BASE_PX;
  return undefined;
}

/**
 * The root node's `style` for a `fontScale` setting: `''` at 1× (so no `setData` at all),
 * else `--fk-scale:<factor>` with the factor kept within [0.875, 2] and to two decimals.
 * Throws `invalid_settings` for anything but `'system'`, a positive number or `false`.
 *
 * @example rootStyle('system', { fontSizeScaleFactor: 1.5 }) // '--fk-scale:1.5'
 */
export function rootStyle(setting: FontScale | undefined, info: FontSettingInfo | undefined): string {
  if (setting === false) return '';
  let scale: number;
  if (setting === undefined || setting === 'system') scale = systemFontScale(info) || 1;
  else if (positive(setting)) scale = setting;
  else throw new FankuiError('invalid_settings', "configure({ fontScale }): `fontScale` must be 'system', a positive number or false");
  scale = Math.round(Math.min(MAX_FONT_SCALE, Math.max(MIN_FONT_SCALE, scale)) * 100) / 100;
  return scale === 1 ? '' : `--fk-scale:${scale}`;
}

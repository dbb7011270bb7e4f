import { Button, View, type ButtonProps, type ViewProps } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ComponentType, CSSProperties, ReactNode } from 'react';
import { cx } from './util';

/**
 * Controls everyone can use, on H5 and in mini-programs.
 *
 * On H5 Taro's components are custom elements (`<taro-view-core>`, `<taro-button-core>`):
 * no keyboard reaches them and a screen reader takes a Button for text. So every control
 * here gets a tab stop, Enter and Space, and its `role`. WeChat reads `aria-role`, not
 * `role`, and `aria-role` is no ARIA attribute on H5: each platform gets its own. Names go in `aria-label`, which
 * both read. Taro drops aria-* from its mini-program templates unless the app adds them
 * (docs/taro.md, "Accessibility").
 */

/** H5: Taro's components are custom elements in a real DOM (mini-programs have neither). */
export const web = () => Taro.getEnv() === 'WEB';

/** `aria-role` in a mini-program; on H5 `role` says it (and `aria-role` is no ARIA attribute). */
export const miniRole = (role: string) => (web() ? undefined : role);

/** The key events the controls handle: Taro's H5 elements hand over the DOM's own event. */
export interface KeyPress {
  key: string;
  currentTarget: { click(): void };
  preventDefault(): void;
}

/** Enter or Space presses the focused control, as a tap would. */
export const press = (event: KeyPress) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    event.currentTarget.click();
  }
};

/** Taro's types leave out what H5 needs (a tab stop, key events); the components pass them on. */
type Keyed = { tabIndex?: number; onKeyDown?: (event: KeyPress) => void; role?: string; children?: ReactNode };
export const KeyView = View as unknown as ComponentType<ViewProps & Keyed>;
const KeyButton = Button as unknown as ComponentType<ButtonProps & Keyed>;

export interface TapProps {
  className: string;
  style?: CSSProperties;
  /** Default `button`. */
  role?: string;
  /** The name a screen reader says; default: the text inside. */
  label?: string;
  /** `aria-checked` of a `radio`. */
  checked?: boolean;
  /** `aria-selected` of a `tab`. */
  selected?: boolean;
  onTap: () => void;
  children?: ReactNode;
}

/** A View that is a control: the entry, a star, a tab, a list row, an image's × (see above). */
export function Tap({ className, style, role = 'button', label, checked, selected, onTap, children }: TapProps) {
  return (
    <KeyView
      className={className}
      style={style}
      role={role}
      aria-role={miniRole(role)}
      aria-label={label}
      aria-checked={checked}
      aria-selected={selected}
      tabIndex={0}
      onKeyDown={press}
      onClick={onTap}
    >
      {children}
    </KeyView>
  );
}

export interface ActionProps {
  /** `primary`: the one thing to do here; default `plain`. */
  kind?: 'primary' | 'plain';
  className?: string;
  /** Shown and announced as unavailable (still focusable, so it can be found). */
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** A Button with its role, disabled state and keyboard on H5 (WeChat's button has them). */
export function Action({ kind = 'plain', className, disabled, onClick, children }: ActionProps) {
  return (
    <KeyButton
      className={cx('fankui-button', `fankui-button--${kind}`, disabled && 'fankui-button--disabled', className)}
      role="button"
      tabIndex={0}
      aria-disabled={disabled}
      // Only `true` or absent: React writes `disabled="false"` on Taro's H5 custom element, which its CSS reads as disabled.
      disabled={disabled || undefined}
      onKeyDown={press}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </KeyButton>
  );
}

/**
 * A text box's name and state where assistive technology reads them: H5 renders the real
 * `<input>`/`<textarea>` inside Taro's element and passes it `nativeProps`; mini-programs
 * read `aria-label` on the component (the caller sets it from the same `label`).
 */
export const boxAria = (label: string, describedBy?: string, invalid?: boolean, required?: boolean) => ({
  'aria-label': label,
  'aria-describedby': describedBy,
  // As text: the element Taro renders writes `true` as an empty attribute, which means "not set".
  'aria-invalid': invalid && 'true',
  'aria-required': required && 'true',
});

/** H5: focuses the control with `id`, or the first text box inside it (Taro's element is not focusable). */
export function focusControl(id: string) {
  const control = document.getElementById(id);
  if (control) ((control.querySelector('input,textarea') as HTMLElement | null) || control).focus();
}

import type { Control } from '../../figures/live/types';

/** A control's value as its <output> shows it. */
export function formatControl(control: Control, value: number | string | boolean): string {
  if (control.kind !== 'range') return String(value);
  const v = value as number;
  return control.format === 'int' ? String(Math.round(v)) : v.toFixed(control.format === 'fixed1' ? 1 : 2);
}

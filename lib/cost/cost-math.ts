import type { CostRate } from './lab-cost-estimate';

/** Small arithmetic and formatting the estimate's parts share. */

/** A cost per hour, with its day. */
export function rate(perHour: number): CostRate {
  return { perHour, perDay: perHour * 24 };
}

/** The sum of `values`. */
export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** `value` to `digits` decimals. */
export function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** `$0.096`, `$0.10`, `$1.00`: a price as the price list writes it, at least to the cent. */
export function dollars(value: number): string {
  const exact = String(round(value, 6));
  const decimals = exact.split('.')[1]?.length ?? 0;
  return `$${decimals >= 2 ? exact : value.toFixed(2)}`;
}

import { Transform } from 'class-transformer';

/** Plain decimal digits, without sign, exponent, fraction, spaces or leading zeros. */
const DECIMAL_INTEGER = /^(0|[1-9][0-9]{0,15})$/;

/**
 * Reads a query parameter written as a plain decimal integer as a number; anything else
 * (`0x10`, `1e1`, `+5`, ` 5`, `5.0`, a repeated parameter) is left as it came, for `@IsInt()`
 * to refuse, where `Number()` would have read most of them.
 */
export const ToDecimalInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value,
  );

import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseDuration } from './duration.js';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Reads a variable with `parse`; an empty one counts as unset (so its default applies), and a
 * value `parse` cannot read is passed on unchanged for validation to refuse.
 */
function EnvValue(parse: (raw: string) => unknown): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const raw = value.trim();
    if (raw === '') return undefined;
    const parsed = parse(raw);
    return parsed === undefined ? value : parsed;
  });
}

export const EnvString = () => EnvValue((raw) => raw);

export const EnvInteger = () => EnvValue((raw) => (/^-?\d+$/.test(raw) ? Number(raw) : undefined));

export const EnvBoolean = () =>
  EnvValue((raw) => {
    const lower = raw.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    return undefined;
  });

export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDuration',
      validator: {
        validate: (value) => typeof value === 'string' && parseDuration(value) !== undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a duration: seconds, or a number followed by s, m, h or d`,
      },
    },
    options,
  );
}

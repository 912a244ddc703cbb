import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from '../password.js';
import { normalizeUsername } from '../username.js';

/** May be left out, but not sent as `null`. */
export const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);

export const IsPasswordLength = () =>
  ValidateBy({
    name: 'isPasswordLength',
    validator: {
      validate: (value) => {
        if (typeof value !== 'string') return false;
        const length = passwordLength(value);
        return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
      },
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a string of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
    },
  });

export const NormalizeUsername = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalizeUsername(value) : value,
  );

export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Thrown at start-up; names the variables at fault, never their values. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * Reads the variables declared by `schema` from the environment, applying the defaults its
 * property initialisers give, and validates them.
 */
export function validateEnv<T extends object>(
  schema: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const values = plainToInstance(schema, env, {
    exposeDefaultValues: true,
    exposeUnsetFields: false,
  });
  const errors = validateSync(values, { validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const reasons = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new ConfigurationError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  return values;
}

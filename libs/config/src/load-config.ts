import { type z } from 'zod';

/** A missing or invalid environment variable; the message names every one. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Parses environment variables with a zod object schema whose keys are the
 * variable names. Empty strings count as unset, so `FOO=` falls back to the default.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: EnvSource = process.env): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      if (input[name] === undefined && issue.code === 'invalid_type') {
        // A schema may say why the variable is needed and how to set it.
        return issue.message.startsWith('is required') ? `${name} ${issue.message}` : `${name} is required`;
      }
      return `${name} ${issue.message}`;
    }),
  );
}

/**
 * Loads configuration at boot; on failure prints one clear line and exits with
 * EX_CONFIG (78) instead of a stack trace.
 */
export function loadConfigOrExit<S extends z.ZodObject>(service: string, schema: S, env: EnvSource = process.env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

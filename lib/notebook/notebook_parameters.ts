/**
 * Notebook parameters: small defaults written in the notebook, overridden
 * by environment variables (`WRAPPED_NB_<NAME>`) when a notebook is run
 * headless (`deno task report`, `deno task demo`, the tests).
 *
 * @module
 */

/** Prefix of the environment variables that override parameters. */
export const PARAMETER_ENV_PREFIX = "WRAPPED_NB_";

/** A parameter's default decides its type. */
export type ParameterValue = string | number | boolean;

/** Options of {@linkcode notebookParameters}. */
export interface NotebookParametersOptions {
  /** Reads an environment variable. Default `Deno.env.get`. */
  getEnv?: (name: string) => string | undefined;
}

/**
 * The environment variable name of a parameter: `WRAPPED_NB_` + the name
 * in upper snake case (`sampleSize` → `WRAPPED_NB_SAMPLE_SIZE`).
 *
 * @param name The parameter name (camelCase or snake_case).
 * @returns The variable name.
 */
export function parameterEnvName(name: string): string {
  return PARAMETER_ENV_PREFIX +
    name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Returns the parameters: each default, replaced by its environment
 * variable when set, converted to the default's type (number, boolean or
 * string).
 *
 * @param defaults Parameter names and default values.
 * @param options How the environment is read.
 * @returns The values, with the same keys and types.
 * @throws {TypeError} When a variable does not parse as its default's type
 *   (`WRAPPED_NB_USERS must be a number: got "abc"`).
 *
 * @example
 * ```ts
 * const { users, days } = notebookParameters({ users: 200, days: 7 });
 * ```
 */
export function notebookParameters<T extends Record<string, ParameterValue>>(
  defaults: T,
  options: NotebookParametersOptions = {},
): T {
  const getEnv = options.getEnv ?? ((name: string) => Deno.env.get(name));
  const out: Record<string, ParameterValue> = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const envName = parameterEnvName(name);
    const raw = getEnv(envName);
    if (raw === undefined || raw === "") {
      out[name] = fallback;
    } else if (typeof fallback === "number") {
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        throw new TypeError(`${envName} must be a number: got "${raw}"`);
      }
      out[name] = value;
    } else if (typeof fallback === "boolean") {
      if (!["true", "false", "1", "0"].includes(raw)) {
        throw new TypeError(
          `${envName} must be true, false, 1 or 0: got "${raw}"`,
        );
      }
      out[name] = raw === "true" || raw === "1";
    } else {
      out[name] = raw;
    }
  }
  return out as T;
}

/**
 * The parameters as table rows (`parameter`, `value`), for showing what a
 * run used.
 *
 * @param params What {@linkcode notebookParameters} returned.
 * @returns One row per parameter.
 */
export function parameterRows(
  params: Readonly<Record<string, ParameterValue>>,
): { parameter: string; value: string }[] {
  return Object.entries(params).map(([parameter, value]) => ({
    parameter,
    value: String(value),
  }));
}

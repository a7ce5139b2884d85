/**
 * Queue names of DESIGN §4.7: prefix (default `wrapped-`) + the
 * personality's name in lower case with spaces as hyphens, checked against
 * Azure's naming rules before anything is sent.
 *
 * @module
 */
import { PERSONALITY_NAMES, personalityByName } from "../personalities/mod.ts";

/** The default queue name prefix. */
export const DEFAULT_QUEUE_PREFIX = "wrapped-";

/** Suffix of the poison queue next to each personality queue. */
export const POISON_SUFFIX = "-poison";

/** Options shared by the naming functions. */
export interface QueueNameOptions {
  /** Prefix of every queue name. Default `"wrapped-"`. */
  prefix?: string;
}

/**
 * Why `name` breaks Azure's queue naming rules, or `undefined` when it is
 * valid (3–63 characters; lower-case letters, digits and single hyphens;
 * starts and ends with a letter or digit).
 *
 * @param name A candidate queue name.
 * @returns A reason, or `undefined`.
 */
export function queueNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `it must be 3–63 characters long (it has ${name.length})`;
  }
  const bad = /[^a-z0-9-]/.exec(name);
  if (bad) {
    return `only lower-case letters, digits and hyphens are allowed (found ${
      JSON.stringify(bad[0])
    })`;
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return "it must start and end with a letter or digit";
  }
  if (name.includes("--")) return "consecutive hyphens are not allowed";
  return undefined;
}

/**
 * Throws unless `name` is a valid Azure queue name.
 *
 * @param name A candidate queue name.
 * @returns `name`.
 * @throws {RangeError} `queue name "X" is invalid: <reason>`.
 */
export function validateQueueName(name: string): string {
  const problem = queueNameProblem(name);
  if (problem) {
    throw new RangeError(
      `queue name ${JSON.stringify(name)} is invalid: ${problem}`,
    );
  }
  return name;
}

/**
 * The queue of a personality: `wrapped-the-early-adopter` for
 * `"The early adopter"`.
 *
 * @param personality One of the 16 personality names.
 * @param options The prefix.
 * @returns The validated queue name.
 * @throws {RangeError} For an unknown personality or a name that Azure
 *   would reject (e.g. a prefix with upper-case letters).
 */
export function queueName(
  personality: string,
  options: QueueNameOptions = {},
): string {
  const { prefix = DEFAULT_QUEUE_PREFIX } = options;
  const { name } = personalityByName(personality);
  return validateQueueName(
    prefix + name.toLowerCase().replaceAll(" ", "-"),
  );
}

/**
 * The poison queue next to a personality's queue
 * (`wrapped-the-nomad-poison`), where messages that are not ours go.
 *
 * @param personality One of the 16 personality names.
 * @param options The prefix.
 * @returns The validated poison queue name.
 * @throws {RangeError} Like {@linkcode queueName}.
 */
export function poisonQueueName(
  personality: string,
  options: QueueNameOptions = {},
): string {
  return validateQueueName(queueName(personality, options) + POISON_SUFFIX);
}

/**
 * Checks that a prefix yields valid names for all 16 personalities and
 * their poison queues.
 *
 * @param prefix The prefix to check.
 * @returns `prefix`.
 * @throws {RangeError} With the first invalid name and why.
 */
export function validateQueuePrefix(prefix: string): string {
  for (const personality of PERSONALITY_NAMES) {
    poisonQueueName(personality, { prefix });
  }
  return prefix;
}

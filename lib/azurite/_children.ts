/**
 * Azurite processes started by this Deno process, so stopping one can also
 * reap it (no zombie left behind in tests).
 *
 * @module
 */

/** Child processes by pid. */
export const startedChildren: Map<number, Deno.ChildProcess> = new Map();

/**
 * Shared pieces of the `deno task` commands: running a commander program
 * with clear errors, option parsers, and terminal progress.
 *
 * @module
 */
export {
  describeError,
  EXIT_FAILURE,
  EXIT_USAGE,
  exitCodeOf,
  runCli,
} from "./run_cli.ts";
export {
  nonNegativeInteger,
  oneOf,
  partitionList,
  positiveInteger,
  positiveNumber,
} from "../support/mod.ts";
export type { OptionParser } from "../support/mod.ts";
export { startProgress } from "./progress.ts";
export type { Progress, ProgressOptions } from "./progress.ts";

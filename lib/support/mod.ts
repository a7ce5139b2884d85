/**
 * Small shared mechanisms: waiting with a deadline, instrumentation
 * events and the tail of a log file.
 *
 * @module
 */
export { WaitTimeoutError, waitUntil } from "./wait_until.ts";
export type { WaitUntilOptions } from "./wait_until.ts";
export { Instrumentation } from "./instrumentation.ts";
export type { InstrumentationListener } from "./instrumentation.ts";
export { tailLines } from "./tail_lines.ts";

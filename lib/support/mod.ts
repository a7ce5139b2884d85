/**
 * Small shared mechanisms: waiting with a deadline and instrumentation
 * events.
 *
 * @module
 */
export { WaitTimeoutError, waitUntil } from "./wait_until.ts";
export type { WaitUntilOptions } from "./wait_until.ts";
export { Instrumentation } from "./instrumentation.ts";
export type { InstrumentationListener } from "./instrumentation.ts";

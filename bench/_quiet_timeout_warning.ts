/**
 * kafkajs 2.2.4 schedules `setTimeout` with a negative delay in its request
 * queue (tulios/kafkajs#1751); Node's timers then print a harmless
 * `TimeoutNegativeWarning` on every connection. This drops exactly that
 * warning and passes every other one through.
 *
 * @module
 */
import process from "node:process";

let installed = false;

/** Installs the filter once per process. */
export function quietTimeoutNegativeWarning(): void {
  if (installed) return;
  installed = true;
  const original = process.emitWarning;
  const filtered = function (
    this: unknown,
    warning: string | Error,
    ...rest: unknown[]
  ): void {
    const first = rest[0];
    const name = typeof warning === "object"
      ? warning.name
      : typeof first === "string"
      ? first
      : (first as { type?: string } | undefined)?.type;
    if (name === "TimeoutNegativeWarning") return;
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
}

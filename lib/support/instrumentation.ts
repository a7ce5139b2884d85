/**
 * Namespaced instrumentation events (`engine.batch_end`, `dispatch.retry`),
 * in the manner of kafkajs. A listener that throws is reported to stderr
 * and never crashes the pipeline.
 *
 * @module
 */

/** A listener of one event name; receives the event's payload. */
export type InstrumentationListener<P> = (payload: P) => void;

/**
 * A small typed event hub. `Events` maps event names to payload types.
 *
 * @example
 * ```ts
 * const hub = new Instrumentation<{ "engine.batch_end": { rows: number } }>();
 * const off = hub.on("engine.batch_end", (e) => console.log(e.rows));
 * hub.emit("engine.batch_end", { rows: 10 });
 * off();
 * ```
 */
export class Instrumentation<Events extends object> {
  #listeners = new Map<keyof Events, Set<InstrumentationListener<never>>>();

  /**
   * Subscribes to an event.
   *
   * @param name The namespaced event name.
   * @param listener Called with each payload.
   * @returns A function that unsubscribes.
   */
  on<K extends keyof Events>(
    name: K,
    listener: InstrumentationListener<Events[K]>,
  ): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, set = new Set());
    set.add(listener as InstrumentationListener<never>);
    return () => set.delete(listener as InstrumentationListener<never>);
  }

  /**
   * Delivers a payload to every listener of `name`; listener errors are
   * written to stderr and swallowed.
   *
   * @param name The namespaced event name.
   * @param payload The event's data.
   */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as InstrumentationListener<Events[K]>)(payload);
      } catch (error) {
        console.error(
          `instrumentation listener for ${String(name)} failed:`,
          error,
        );
      }
    }
  }
}

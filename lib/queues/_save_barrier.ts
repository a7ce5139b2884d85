/**
 * Coalesces waits for a local Azurite's saves: every caller that asks
 * while a round runs is served by the next round, which starts after its
 * acknowledgements arrived, so one round covers many batches.
 *
 * @module
 */
import { AzuriteRestartedError } from "../azurite/mod.ts";
import type { AzuritePersistence } from "../azurite/mod.ts";

interface Waiter {
  generation: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rounds of `AzuritePersistence.waitForSave`, one at a time. */
export class SaveBarrier {
  #persistence: AzuritePersistence;
  #touch: () => Promise<void>;
  #waiting: Waiter[] = [];
  #running = false;

  /**
   * @param persistence The watched Azurite.
   * @param touch Makes its databases dirty (a marker message).
   */
  constructor(persistence: AzuritePersistence, touch: () => Promise<void>) {
    this.#persistence = persistence;
    this.#touch = touch;
  }

  /** The Azurite process now; take it before sending. */
  generation(): string {
    return this.#persistence.generation();
  }

  /**
   * Resolves once what Azurite acknowledged before this call is saved.
   *
   * @param generation {@linkcode generation} from before the sends.
   * @throws {AzuriteRestartedError} When Azurite restarted since.
   */
  wait(generation: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ generation, resolve, reject });
      if (!this.#running) this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting.length > 0) {
        const round = this.#waiting.splice(0);
        const generation = this.#persistence.generation();
        try {
          await this.#persistence.waitForSave(generation, {
            touch: this.#touch,
          });
        } catch (error) {
          for (const waiter of round) waiter.reject(error);
          continue;
        }
        for (const waiter of round) {
          if (waiter.generation === generation) waiter.resolve();
          else {
            waiter.reject(
              new AzuriteRestartedError(
                `Azurite restarted (process ${waiter.generation} -> ${generation}) after acknowledging: writes may be lost`,
              ),
            );
          }
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

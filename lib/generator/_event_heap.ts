/**
 * The time-ordered merge of the users' event streams: a binary min-heap of
 * users keyed by their current event's start time (ties by user), so
 * memory is bounded by the number of users, not of events. Keys live in
 * a typed array beside the user indexes, so sifting touches no user
 * objects.
 *
 * @module
 */
import type { UserStream } from "./_user_stream.ts";

/** Min-heap of user streams by (start, index). */
export class EventHeap {
  #users: readonly UserStream[];
  #keys: Float64Array;
  #ids: Int32Array;
  #size = 0;

  /** @param users Streams, indexed by `UserStream.index`. */
  constructor(users: readonly UserStream[]) {
    this.#users = users;
    this.#keys = new Float64Array(users.length);
    this.#ids = new Int32Array(users.length);
    for (const user of users) {
      if (user.done) continue;
      this.#keys[this.#size] = user.start;
      this.#ids[this.#size++] = user.index;
    }
    for (let i = (this.#size >> 1) - 1; i >= 0; i--) {
      this.#down(i, this.#keys[i], this.#ids[i]);
    }
  }

  /** Number of users with events left. */
  get size(): number {
    return this.#size;
  }

  /** The user with the earliest current event (heap must not be empty). */
  peek(): UserStream {
    return this.#users[this.#ids[0]];
  }

  /** Call after advancing the top user: restores heap order. */
  updateTop(): void {
    const top = this.#users[this.#ids[0]];
    if (top.done) {
      const last = --this.#size;
      if (last > 0) this.#down(0, this.#keys[last], this.#ids[last]);
      return;
    }
    this.#down(0, top.start, top.index);
  }

  #down(i: number, key: number, id: number): void {
    const keys = this.#keys, ids = this.#ids, n = this.#size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (
        right < n &&
        (keys[right] < keys[child] ||
          (keys[right] === keys[child] && ids[right] < ids[child]))
      ) child = right;
      if (keys[child] > key || (keys[child] === key && ids[child] > id)) break;
      keys[i] = keys[child];
      ids[i] = ids[child];
      i = child;
    }
    keys[i] = key;
    ids[i] = id;
  }
}

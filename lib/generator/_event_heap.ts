/**
 * The time-ordered merge of the users' event streams: a binary min-heap of
 * users keyed by their current event's start time (ties by user), so
 * memory is bounded by the number of users, not of events.
 *
 * @module
 */
import type { UserStream } from "./_user_stream.ts";

/** Min-heap of user streams by (start, index). */
export class EventHeap {
  #heap: UserStream[];

  /** @param users Streams; finished ones are left out. */
  constructor(users: readonly UserStream[]) {
    this.#heap = users.filter((u) => !u.done);
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  /** Number of users with events left. */
  get size(): number {
    return this.#heap.length;
  }

  /** The user with the earliest current event (heap must not be empty). */
  peek(): UserStream {
    return this.#heap[0];
  }

  /** Call after advancing the top user: restores heap order. */
  updateTop(): void {
    const heap = this.#heap;
    if (heap[0].done) {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    this.#down(0);
  }

  #down(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const item = heap[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && less(heap[child + 1], heap[child])) child++;
      if (!less(heap[child], item)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = item;
  }
}

function less(a: UserStream, b: UserStream): boolean {
  return a.start < b.start || (a.start === b.start && a.index < b.index);
}

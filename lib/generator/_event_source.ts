/**
 * The generator's core: users with personalities and places, their lazily
 * generated event streams merged in time order, and the optional bounded
 * disorder. Produces event views (no record objects).
 *
 * @module
 */
import { PERSONALITIES } from "../personalities/mod.ts";
import { createPlacePicker, type Place } from "../places/mod.ts";
import { INTERACTIONS, type InteractionWeights } from "./interactions.ts";
import { LISTENING_MODEL } from "./listening_model.ts";
import type { ResolvedGeneratorOptions } from "./generator_options.ts";
import { SeededRandom } from "./seeded_random.ts";
import { EventHeap } from "./_event_heap.ts";
import { SongChoiceTables } from "./_song_choice.ts";
import { type StreamSettings, UserStream } from "./_user_stream.ts";
import { ZoneOffsets } from "./_zone_offsets.ts";
import { DateTime } from "luxon";

/** One event: the user's stream and the event's fields. */
export interface EventView {
  stream: UserStream;
  song: number;
  interaction: number;
  start: number;
  end: number;
}

/** Something that yields event views in output order. */
export interface EventSource {
  /** The next event, valid until the following call; `null` at the end. */
  next(): EventView | null;
  /** The users. */
  readonly users: readonly UserStream[];
}

const tablesCache = new WeakMap<object, SongChoiceTables>();

/**
 * Builds the users and returns the merged (and optionally disordered)
 * event source.
 */
export function createEventSource(
  options: ResolvedGeneratorOptions,
): EventSource {
  const master = new SeededRandom(options.seed);
  let tables = tablesCache.get(options.catalog);
  if (!tables) {
    tables = new SongChoiceTables(options.catalog);
    tablesCache.set(options.catalog, tables);
  }
  const firstWeekday = DateTime.fromMillis(options.startMs, { zone: "utc" })
    .weekday;
  const hours = options.sessionHours;
  const settings: StreamSettings = {
    tables,
    sessionsPerUser: options.sessionsPerUser,
    fixedSessionMs: hours ? [hours[0] * 3_600_000, hours[1] * 3_600_000] : null,
    days: options.days,
    firstWeekday,
    dayCumulative: dayCumulative(firstWeekday, options.days),
    ...interactionSettings(options.interactionWeights),
  };
  const picker = createPlacePicker();
  const zones = new Map<string, ZoneOffsets>();
  const users: UserStream[] = [];
  let block: number[] = [];
  for (let i = 0; i < options.users; i++) {
    // Personalities in shuffled blocks of 16: every letter of every axis
    // is held by half of the users (exactly, for multiples of 16).
    if (block.length === 0) block = shuffled16(master);
    const personality = PERSONALITIES[block.pop()!];
    const raw = picker.pick(() => master.next());
    const place: Place = {
      ...raw,
      latitude: Math.fround(raw.latitude),
      longitude: Math.fround(raw.longitude),
    };
    let zone = zones.get(place.timezone);
    if (!zone) {
      zone = new ZoneOffsets(place.timezone, options.startMs, options.days);
      zones.set(place.timezone, zone);
    }
    users.push(
      new UserStream(i, personality, place, zone, master.split(), settings),
    );
  }
  const merged = new MergedSource(users);
  return options.maxDisorderMs > 0
    ? new DisorderedSource(merged, options.maxDisorderMs, master.split())
    : merged;
}

/** Cumulative day weights from LISTENING_MODEL.weekdayWeights. */
function dayCumulative(firstWeekday: number, days: number): Float64Array {
  const weights = LISTENING_MODEL.weekdayWeights;
  const out = new Float64Array(days);
  let acc = 0;
  for (let d = 0; d < days; d++) {
    out[d] = acc += weights[(firstWeekday - 1 + d) % 7];
  }
  for (let d = 0; d < days; d++) out[d] /= acc;
  out[days - 1] = 1;
  return out;
}

/**
 * The interaction weights as the stream uses them: `repeated` is the share
 * of completed songs played again; the others are drawn by weight.
 */
function interactionSettings(
  w: InteractionWeights,
): Pick<StreamSettings, "weights" | "repeatP"> {
  const total = INTERACTIONS.reduce((s, name) => s + w[name], 0);
  const completed = w.played + w.added_to_playlist + w.repeated;
  return {
    weights: Float64Array.from(
      [w.played, w.paused, w.skipped, w.added_to_playlist],
      (x) => x / total,
    ),
    repeatP: completed > 0 ? w.repeated / completed : 0,
  };
}

function shuffled16(rng: SeededRandom): number[] {
  const order = Array.from({ length: 16 }, (_, i) => i);
  for (let i = 15; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Time-ordered merge of all users' streams. */
class MergedSource implements EventSource {
  readonly users: readonly UserStream[];
  #heap: EventHeap;
  #pending: UserStream | null = null;
  #view: EventView = {
    stream: null as unknown as UserStream,
    song: 0,
    interaction: 0,
    start: 0,
    end: 0,
  };

  constructor(users: UserStream[]) {
    this.users = users;
    this.#heap = new EventHeap(users);
  }

  next(): EventView | null {
    if (this.#pending) {
      this.#pending.advance();
      this.#heap.updateTop();
      this.#pending = null;
    }
    if (this.#heap.size === 0) return null;
    const user = this.#heap.peek();
    this.#pending = user;
    const view = this.#view;
    view.stream = user;
    view.song = user.song;
    view.interaction = user.interaction;
    view.start = user.start;
    view.end = user.end;
    return view;
  }
}

/**
 * Delays each event by a random 0…maxDisorderMs of event time and emits in
 * order of the delayed time: an event never follows one that started more
 * than `maxDisorderMs` after it. Buffers only the events of that window.
 */
class DisorderedSource implements EventSource {
  readonly users: readonly UserStream[];
  #source: EventSource;
  #maxMs: number;
  #rng: SeededRandom;
  #heap: EventView[] = [];
  #keys: number[] = [];
  #free: EventView[] = [];
  #out: EventView | null = null;
  #lastStart = -Infinity;
  #exhausted = false;

  constructor(source: EventSource, maxMs: number, rng: SeededRandom) {
    this.users = source.users;
    this.#source = source;
    this.#maxMs = maxMs;
    this.#rng = rng;
  }

  next(): EventView | null {
    if (this.#out) {
      this.#free.push(this.#out);
      this.#out = null;
    }
    for (;;) {
      if (
        this.#heap.length > 0 &&
        (this.#exhausted || this.#keys[0] <= this.#lastStart)
      ) {
        return (this.#out = this.#pop());
      }
      if (this.#exhausted) return null;
      const event = this.#source.next();
      if (!event) {
        this.#exhausted = true;
        continue;
      }
      this.#lastStart = event.start;
      const copy = this.#free.pop() ?? { ...event };
      copy.stream = event.stream;
      copy.song = event.song;
      copy.interaction = event.interaction;
      copy.start = event.start;
      copy.end = event.end;
      this.#push(copy, event.start + this.#rng.next() * this.#maxMs);
    }
  }

  #push(view: EventView, key: number): void {
    const heap = this.#heap, keys = this.#keys;
    let i = heap.length;
    heap.push(view);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      heap[i] = heap[parent];
      keys[i] = keys[parent];
      i = parent;
    }
    heap[i] = view;
    keys[i] = key;
  }

  #pop(): EventView {
    const heap = this.#heap, keys = this.#keys;
    const top = heap[0];
    const lastView = heap.pop()!, lastKey = keys.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= lastKey) break;
        heap[i] = heap[child];
        keys[i] = keys[child];
        i = child;
      }
      heap[i] = lastView;
      keys[i] = lastKey;
    }
    return top;
  }
}

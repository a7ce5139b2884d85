/**
 * Fast Avro encoding of generated events. An Avro record's binary encoding
 * is its fields' encodings in schema order (Avro specification), so each
 * constant part is encoded once, by avsc, with the schema's own field
 * types: per user `user_id` + `user_location` and `personality`, per song
 * its eight fields from `song_name` to `length_seconds`, per interaction
 * its string — each value checked against its field's type first. An
 * event then costs a few copies plus avsc's encoding of
 * the two longs of `listening_time`. Tests check the bytes equal avsc's
 * `type.encode(record)`.
 *
 * @module
 */
import type avro from "avsc";
import { Buffer } from "node:buffer";
import type { Catalog } from "../catalog/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
import { PERSONALITIES } from "../personalities/mod.ts";
import { INTERACTIONS } from "./interactions.ts";
import type { EventView } from "./_event_source.ts";
import type { UserStream } from "./_user_stream.ts";

const FIELD_ORDER = [
  "user_id",
  "user_location",
  "interaction",
  "song_name",
  "artist",
  "genre",
  "year",
  "popularity",
  "danceability",
  "energy",
  "length_seconds",
  "listening_time",
  "personality",
];

interface Field {
  name: string;
  type: avro.Type;
}

/** Pre-encoded parts of the records of one run, in three byte arenas. */
export class RecordFragments {
  /** `listening_time`'s type (a record of two longs), from the schema. */
  #periodType: avro.Type;
  #period = { start_time: 0, end_time: 0 };
  /** Per song: `song_name` … `length_seconds`. */
  #songs: Arena;
  /** Per user and interaction: `user_id`, `user_location`, `interaction`. */
  #heads: Arena;
  /** Per personality (index 0–15): `personality`. */
  #tails: Arena;
  #personalityOf: Int32Array;
  #target: Uint8Array | undefined;
  #targetView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /**
   * @param catalog The run's catalogue.
   * @param users The run's users, indexed by `UserStream.index`.
   * @throws {Error} If the schema's fields are not in the expected order.
   */
  constructor(catalog: Catalog, users: readonly UserStream[]) {
    const fields = (listeningHistoryType as unknown as { fields: Field[] })
      .fields;
    const names = fields.map((f) => f.name);
    if (names.join() !== FIELD_ORDER.join()) {
      throw new Error(
        `the schema's fields changed (${names.join(", ")}): update ` +
          "RecordFragments before generating",
      );
    }
    const t = fields.map((f) => f.type);
    this.#periodType = t[11];
    const songs = new ArenaBuilder(catalog.songs.length);
    for (const song of catalog.songs) {
      songs.add(t[3], song.title, "song_name");
      songs.add(t[4], song.artist, "artist");
      songs.add(t[5], song.genre, "genre");
      songs.add(t[6], song.year, "year");
      songs.add(t[7], song.popularity, "popularity");
      songs.add(t[8], song.danceability, "danceability");
      songs.add(t[9], song.energy, "energy");
      songs.add(t[10], song.lengthSeconds, "length_seconds");
      songs.end();
    }
    this.#songs = songs.build();
    // Per user: user_id and user_location encoded once, then one fragment
    // per interaction with the interaction's string appended.
    const heads = new ArenaBuilder(users.length * INTERACTIONS.length);
    const head = new ArenaBuilder(1);
    const interactions = new ArenaBuilder(INTERACTIONS.length);
    for (const interaction of INTERACTIONS) {
      interactions.add(t[2], interaction, "interaction");
      interactions.end();
    }
    const interactionBytes = interactions.build();
    for (const user of users) {
      head.reset();
      head.add(t[0], user.userId, "user_id");
      head.add(t[1], {
        latitude: user.place.latitude,
        longitude: user.place.longitude,
        country: user.place.country,
        city: user.place.city,
        timezone: user.place.timezone,
      }, "user_location");
      const prefix = head.bytes();
      for (let i = 0; i < INTERACTIONS.length; i++) {
        heads.append(prefix);
        heads.append(
          interactionBytes.bytes.subarray(
            interactionBytes.offsets[i],
            interactionBytes.offsets[i + 1],
          ),
        );
        heads.end();
      }
    }
    this.#heads = heads.build();
    this.#tails = arena(PERSONALITIES.map((p) => t[12].toBuffer(p.name)));
    this.#personalityOf = Int32Array.from(users, (u) => u.personality.index);
  }

  /**
   * Writes one event's record at `pos` (the `encode` contract of
   * `writeAvroFile`).
   *
   * @returns The position after it, or a negative number if `buf` is short.
   */
  encode(event: EventView, buf: Buffer, pos: number): number {
    const index = event.stream.index;
    const head = index * 5 + event.interaction;
    const heads = this.#heads, songs = this.#songs, tails = this.#tails;
    const tail = this.#personalityOf[index];
    const headLength = heads.offsets[head + 1] - heads.offsets[head];
    const songLength = songs.offsets[event.song + 1] -
      songs.offsets[event.song];
    const tailLength = tails.offsets[tail + 1] - tails.offsets[tail];
    // 20 bytes: room for listening_time (two longs, at most 10 bytes each).
    const need = headLength + songLength + 20 + tailLength;
    if (pos + need > buf.length) return buf.length - (pos + need);
    if (buf !== this.#target) {
      this.#target = buf;
      this.#targetView = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    const view = this.#targetView;
    let p = copy(heads, heads.offsets[head], headLength, buf, view, pos);
    p = copy(songs, songs.offsets[event.song], songLength, buf, view, p);
    const period = this.#period;
    period.start_time = event.start;
    period.end_time = event.end;
    p = this.#periodType.encode(period, buf, p);
    return copy(tails, tails.offsets[tail], tailLength, buf, view, p);
  }
}

/** Copies `length` bytes four at a time (no allocation, unlike subarray). */
function copy(
  from: Arena,
  start: number,
  length: number,
  target: Uint8Array,
  view: DataView,
  at: number,
): number {
  const source = from.view;
  const end = start + length;
  let i = start;
  for (; i + 4 <= end; i += 4, at += 4) view.setUint32(at, source.getUint32(i));
  const bytes = from.bytes;
  for (; i < end; i++) target[at++] = bytes[i];
  return at;
}

/** Fragments stored back to back: fragment i is `bytes[offsets[i]..offsets[i+1])`. */
interface Arena {
  bytes: Uint8Array;
  view: DataView<ArrayBufferLike>;
  offsets: Int32Array;
}

/** Encodes fragments straight into one growing buffer (no per-part copies). */
class ArenaBuilder {
  #bytes = Buffer.alloc(64 * 1024);
  #pos = 0;
  #offsets: Int32Array;
  #count = 0;

  constructor(fragments: number) {
    this.#offsets = new Int32Array(fragments + 1);
  }

  /**
   * Appends `value` encoded with `type` to the current fragment, after
   * checking it against the schema's field type.
   *
   * @throws {TypeError} When the value does not match the field's type.
   */
  add(type: avro.Type, value: unknown, field: string): void {
    if (!type.isValid(value)) {
      throw new TypeError(
        `${field} does not match the schema: got ${JSON.stringify(value)}`,
      );
    }
    let end = type.encode(value, this.#bytes, this.#pos);
    if (end < 0) {
      const grown = Buffer.alloc(this.#bytes.length * 2 - end);
      this.#bytes.copy(grown, 0, 0, this.#pos);
      this.#bytes = grown;
      end = type.encode(value, this.#bytes, this.#pos);
    }
    this.#pos = end;
  }

  /** Appends raw bytes to the current fragment. */
  append(bytes: Uint8Array): void {
    if (this.#pos + bytes.length > this.#bytes.length) {
      const grown = Buffer.alloc((this.#bytes.length + bytes.length) * 2);
      this.#bytes.copy(grown, 0, 0, this.#pos);
      this.#bytes = grown;
    }
    this.#bytes.set(bytes, this.#pos);
    this.#pos += bytes.length;
  }

  /** The bytes written so far. */
  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#pos);
  }

  /** Starts over (keeps the buffer). */
  reset(): void {
    this.#pos = 0;
    this.#count = 0;
  }

  /** Closes the current fragment. */
  end(): void {
    this.#offsets[++this.#count] = this.#pos;
  }

  build(): Arena {
    const bytes = this.#bytes.subarray(0, this.#pos);
    return {
      bytes,
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
      offsets: this.#offsets,
    };
  }
}

function arena(fragments: readonly Uint8Array[]): Arena {
  const offsets = new Int32Array(fragments.length + 1);
  fragments.forEach((f, i) => (offsets[i + 1] = offsets[i] + f.length));
  const bytes = new Uint8Array(offsets[fragments.length]);
  fragments.forEach((f, i) => bytes.set(f, offsets[i]));
  return { bytes, view: new DataView(bytes.buffer), offsets };
}

/**
 * Fast Avro encoding of generated events. An Avro record's binary encoding
 * is its fields' encodings in schema order (Avro specification), so each
 * constant part is encoded once, by avsc, with the schema's own field
 * types: per user `user_id` + `user_location` and `personality`, per song
 * its eight fields from `song_name` to `length_seconds`, per interaction
 * its string. An event then costs a few copies plus avsc's encoding of
 * the two longs of `listening_time`. Tests check the bytes equal avsc's
 * `type.encode(record)`.
 *
 * @module
 */
import type avro from "avsc";
import { Buffer } from "node:buffer";
import type { Catalog } from "../catalog/mod.ts";
import { listeningHistoryType } from "../schema/mod.ts";
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

/** Pre-encoded parts of the records of one run. */
export class RecordFragments {
  #types: avro.Type[];
  /** `listening_time`'s field type (a long), from the schema. */
  #long: avro.Type;
  #songs: Uint8Array[];
  #interactions: Uint8Array[];
  #users: (Uint8Array | undefined)[];
  #personalities: (Uint8Array | undefined)[];

  /**
   * @param catalog The run's catalogue.
   * @param userCount Number of users.
   * @throws {Error} If the schema's fields are not in the expected order.
   */
  constructor(catalog: Catalog, userCount: number) {
    const fields = (listeningHistoryType as unknown as { fields: Field[] })
      .fields;
    const names = fields.map((f) => f.name);
    if (names.join() !== FIELD_ORDER.join()) {
      throw new Error(
        `the schema's fields changed (${names.join(", ")}): update ` +
          "RecordFragments before generating",
      );
    }
    this.#types = fields.map((f) => f.type);
    const period = this.#types[11] as unknown as { fields: Field[] };
    this.#long = period.fields[0].type;
    const t = this.#types;
    const parts: Buffer[] = [];
    const offsets = new Int32Array(catalog.songs.length + 1);
    let offset = 0;
    catalog.songs.forEach((song, i) => {
      const values = [
        song.title,
        song.artist,
        song.genre,
        song.year,
        song.popularity,
        song.danceability,
        song.energy,
        song.lengthSeconds,
      ];
      for (let k = 0; k < values.length; k++) {
        const bytes = t[3 + k].toBuffer(values[k]);
        parts.push(bytes);
        offset += bytes.length;
      }
      offsets[i + 1] = offset;
    });
    // One allocation for all songs; each song a view into it.
    const all = Buffer.concat(parts);
    this.#songs = Array.from(
      catalog.songs,
      (_, i) => all.subarray(offsets[i], offsets[i + 1]),
    );
    this.#interactions = INTERACTIONS.map((name) => t[2].toBuffer(name));
    this.#users = new Array(userCount);
    this.#personalities = new Array(userCount);
  }

  #userPrefix(user: UserStream): Uint8Array {
    const t = this.#types;
    const place = user.place;
    const bytes = Buffer.concat([
      t[0].toBuffer(user.userId),
      t[1].toBuffer({
        latitude: place.latitude,
        longitude: place.longitude,
        country: place.country,
        city: place.city,
        timezone: place.timezone,
      }),
    ]);
    this.#users[user.index] = bytes;
    this.#personalities[user.index] = t[12].toBuffer(user.personality.name);
    return bytes;
  }

  /**
   * Writes one event's record at `pos` (the `encode` contract of
   * `writeAvroFile`).
   *
   * @returns The position after it, or a negative number if `buf` is short.
   */
  encode(event: EventView, buf: Buffer, pos: number): number {
    const user = event.stream;
    const prefix = this.#users[user.index] ?? this.#userPrefix(user);
    const personality = this.#personalities[user.index]!;
    const interaction = this.#interactions[event.interaction];
    const song = this.#songs[event.song];
    // 20 bytes: room for listening_time (two longs, at most 10 bytes each).
    const need = prefix.length + interaction.length + song.length + 20 +
      personality.length;
    if (pos + need > buf.length) return buf.length - (pos + need);
    buf.set(prefix, pos);
    let p = pos + prefix.length;
    buf.set(interaction, p);
    p += interaction.length;
    buf.set(song, p);
    p += song.length;
    const long = this.#long;
    p = long.encode(event.start, buf, p);
    p = long.encode(event.end, buf, p);
    buf.set(personality, p);
    return p + personality.length;
  }
}

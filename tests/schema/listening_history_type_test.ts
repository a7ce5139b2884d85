import assert from "node:assert/strict";
import {
  LISTENING_HISTORY_SCHEMA,
  listeningHistoryType,
  type ListeningRecord,
  SCHEMA_FINGERPRINT,
} from "../../lib/schema/mod.ts";

const sample: ListeningRecord = {
  user_id: 7,
  user_location: {
    latitude: 41.84,
    longitude: -87.68,
    country: "United States",
    city: "Chicago",
    timezone: "America/Chicago",
  },
  interaction: "played",
  song_name: "Wind of Change",
  artist: "Scorpions",
  genre: "german hard rock",
  year: 1990,
  popularity: 73,
  danceability: 45,
  energy: 49,
  length_seconds: 313,
  listening_time: { start_time: 1740808800000, end_time: 1740809113000 },
  personality: "The replayer",
};

Deno.test("schema is the original music.ListeningHistory, field for field", () => {
  assert.equal(listeningHistoryType.name, "music.ListeningHistory");
  const fields = (LISTENING_HISTORY_SCHEMA as { fields: { name: string }[] })
    .fields.map((f) => f.name);
  assert.deepEqual(fields, [
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
  ]);
});

Deno.test("schema round-trips a record and rejects a wrong type", () => {
  const decoded = listeningHistoryType.fromBuffer(
    listeningHistoryType.toBuffer(sample),
  ) as ListeningRecord;
  assert.deepEqual({ ...decoded.listening_time }, sample.listening_time);
  assert.equal(decoded.song_name, sample.song_name);
  assert.equal(
    listeningHistoryType.isValid({ ...sample, year: "1990" }),
    false,
  );
});

Deno.test("SCHEMA_FINGERPRINT is a hex SHA-256", () => {
  assert.match(SCHEMA_FINGERPRINT, /^[0-9a-f]{64}$/);
});

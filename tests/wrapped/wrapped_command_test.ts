import assert from "node:assert/strict";
import { listeningFileSource } from "../../lib/sources/mod.ts";
import { join } from "node:path";
import { writeAvroFile } from "../../lib/avro/mod.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { wrappedOnce } from "../../lib/wrapped/mod.ts";
import { launchChromium, openOffline } from "../report/_chromium.ts";

const COMMAND = new URL("../../lib/cli/wrapped_command.ts", import.meta.url)
  .pathname;
const NASTY = `<img src=x onerror="alert('song')"> & "Co"`;

function wrappedChild(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    stdout: "piped",
    stderr: "piped",
  });
}

async function wrapped(args: string[]) {
  const output = await wrappedChild(args).output();
  return {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

/** A small generated history plus one listener whose song name is HTML. */
function records(): ListeningRecord[] {
  const generated = generateToArray({
    users: 30,
    sessionsPerUser: 4,
    days: 40,
    seed: 11,
  });
  const first = generated[0];
  const start = first.listening_time.start_time;
  // a stream (>= 30 s listened) whatever the generator's first event was
  return [...generated, {
    ...first,
    user_id: 999,
    song_name: NASTY,
    artist: `</td><script>alert(1)</script>`,
    interaction: "played",
    listening_time: { start_time: start, end_time: start + 120_000 },
  }];
}

async function withInput(fn: (dir: string, file: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "wrapped_test_" });
  try {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, records());
    await fn(dir, file);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const readJson = (path: string) => JSON.parse(Deno.readTextFileSync(path));

/** The flags of a bounded run over an Avro file. */
const onceFrom = (
  file: string,
) => ["--source", "file", "--file", file, "--once"];

Deno.test("wrapped --source file --once writes wrapped.json as the library computes it, and accuracy.json", async () => {
  await withInput(async (dir, file) => {
    const out = join(dir, "out");
    const run = await wrapped([
      ...onceFrom(file),
      "--out",
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /wrapped 31 listeners from [\d,]+ events in/);
    const expected = await wrappedOnce(listeningFileSource(file));
    assert.deepEqual(readJson(join(out, "wrapped.json")), expected.listeners);
    const accuracy = readJson(join(out, "accuracy.json"));
    assert.deepEqual(Object.keys(accuracy), [
      "users",
      "min_events",
      "per_axis",
      "exact",
      "confusion",
    ]);
    assert.equal(accuracy.min_events, 200);
    assert.equal(Object.keys(accuracy.confusion).length, 16);
  });
});

Deno.test("wrapped --user prints the card; an unknown --user exits 2 with a clear message", async () => {
  await withInput(async (dir, file) => {
    const base = [
      ...onceFrom(file),
      "--out",
      join(dir, "o"),
    ];
    const known = await wrapped([...base, "--user", "999"]);
    assert.equal(known.code, 0, known.stderr);
    assert.match(known.stdout, /^Wrapped of listener 999\n/);
    assert.ok(known.stdout.includes(NASTY));
    const unknown = await wrapped([...base, "--user", "4242"]);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /error: --user 4242: no such listener \(31 listeners in the stream\)\n$/,
    );
  });
});

Deno.test("wrapped --year with no events says so and writes an empty list", async () => {
  await withInput(async (dir, file) => {
    const out = join(dir, "o");
    const run = await wrapped([
      ...onceFrom(file),
      "--out",
      out,
      "--year",
      "2030",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /no events in local year 2030 among the [\d,]+ read: wrapped.json in .* is an empty list/,
    );
    assert.deepEqual(readJson(join(out, "wrapped.json")), []);
    assert.equal(readJson(join(out, "accuracy.json")).users, 0);
    const bad = await wrapped([
      ...onceFrom(file),
      "--year",
      "25",
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--year must be a year YYYY: got "25"/);
  });
});

Deno.test("wrapped killed with SIGKILL and restarted from its checkpoint gives the one-batch result, and so does a run from the finished checkpoint", async () => {
  await withInput(async (dir, file) => {
    const checkpoint = join(dir, "checkpoint");
    const args = [
      ...onceFrom(file),
      "--max-batch",
      "50",
      "--checkpoint",
      checkpoint,
    ];
    const child = wrappedChild([...args, "--out", join(dir, "killed")]).spawn();
    await waitUntil(() => {
      try {
        // the commit log: one `<batch>.json` per committed batch
        return [...Deno.readDirSync(join(checkpoint, "commits"))].some((e) =>
          Number(/^(\d+)\.json$/.exec(e.name)?.[1]) >= 3
        );
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000, intervalMs: 5, what: "a commit of batch 3" });
    child.kill("SIGKILL");
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.equal(status.signal, "SIGKILL");
    const out = join(dir, "restarted");
    const restarted = await wrapped([...args, "--out", out]);
    assert.equal(restarted.code, 0, restarted.stderr);
    const whole = await wrappedOnce(listeningFileSource(file));
    assert.deepEqual(readJson(join(out, "wrapped.json")), whole.listeners);
    // The checkpoint now holds the finished stream: another run reads
    // nothing and writes the same Wrapped from the restored state.
    const again = join(dir, "again");
    const rerun = await wrapped([...args, "--out", again]);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stderr, /wrapped 31 listeners from 0 events/);
    assert.deepEqual(readJson(join(again, "wrapped.json")), whole.listeners);
    assert.deepEqual(
      readJson(join(again, "accuracy.json")),
      readJson(join(out, "accuracy.json")),
    );
  });
});

Deno.test("wrapped --cards writes self-contained cards that open offline with the data's text escaped", async () => {
  await withInput(async (dir, file) => {
    const cards = join(dir, "cards");
    const run = await wrapped([
      ...onceFrom(file),
      "--out",
      join(dir, "o"),
      "--cards",
      cards,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const files = [...Deno.readDirSync(cards)].map((e) => e.name).sort();
    assert.equal(files.length, 32);
    assert.ok(files.includes("index.html"));
    const browser = await launchChromium();
    try {
      for (const name of ["listener-999.html", "index.html"]) {
        const visit = await openOffline(browser, join(cards, name));
        assert.deepEqual(visit.requests, [
          new URL(`file://${join(cards, name)}`).href,
        ]);
        assert.deepEqual(visit.dialogs, []);
        assert.deepEqual(visit.pageErrors, []);
        const text = await visit.page.innerText("body");
        if (name === "index.html") {
          assert.match(text, /Wrapped: 31 listeners/);
          assert.equal(await visit.page.locator("svg").count(), 1);
        } else {
          assert.ok(text.includes(NASTY), text);
          assert.ok(text.includes("</td><script>alert(1)</script>"));
          assert.equal(await visit.page.locator("script").count(), 0);
          assert.equal(await visit.page.locator("circle").count(), 4);
        }
        await visit.page.context().close();
      }
    } finally {
      await browser.close();
    }
  });
});

Deno.test("wrapped without --once keeps its files current while live and stops cleanly on SIGINT", async () => {
  await withInput(async (dir, file) => {
    const whole = JSON.stringify(
      (await wrappedOnce(listeningFileSource(file))).listeners,
    );
    const out = join(dir, "live");
    const child = wrappedChild([
      "--source",
      "file",
      "--file",
      file,
      "--out",
      out,
      "--max-batch",
      "500",
      "--refresh-every",
      "1",
    ]).spawn();
    // live rewrites reach the whole input's Wrapped while the stream runs
    await waitUntil(() => {
      try {
        return JSON.stringify(readJson(join(out, "wrapped.json"))) === whole;
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000, intervalMs: 50 });
    child.kill("SIGINT");
    const output = await child.output();
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    assert.match(new TextDecoder().decode(output.stderr), /; interrupted\n$/);
    assert.equal(JSON.stringify(readJson(join(out, "wrapped.json"))), whole);
  });
});

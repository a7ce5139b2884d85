/**
 * Static membership against the real broker: a member of a three-member
 * group killed with SIGKILL and restarted with the same instance id gets
 * its partitions back at once — long before its 45 s session would expire —
 * and the other members are not rebalanced.
 */
import assert from "node:assert/strict";
import { createKafka, ensureTopic } from "../../lib/kafka/mod.ts";
import { uniqueName } from "./_fixtures.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const client = createKafka({ clientId: "static-tests" });

interface Member {
  child: Deno.ChildProcess;
  assignments: number[][];
}

function start(topic: string, group: string, instance: string): Member {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./_static_member.ts", import.meta.url).pathname,
      "--topic",
      topic,
      "--group",
      group,
      "--instance",
      instance,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const member: Member = { child, assignments: [] };
  (async () => {
    let text = "";
    for await (
      const chunk of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      text += chunk;
      let nl;
      while ((nl = text.indexOf("\n")) >= 0) {
        member.assignments.push(JSON.parse(text.slice(0, nl)).partitions);
        text = text.slice(nl + 1);
      }
    }
  })();
  return member;
}

async function until(check: () => boolean, what: string, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const settled = (members: Member[]) => {
  const last = members.map((m) => m.assignments.at(-1) ?? []);
  const all = last.flat().sort((a, b) => a - b);
  return last.every((p) => p.length > 0) &&
    JSON.stringify(all) === JSON.stringify([...Array(16).keys()]);
};

Deno.test(
  "a SIGKILLed static member restarted with its instance id takes its partitions back within seconds, without a rebalance",
  options,
  async () => {
    const topic = uniqueName("static");
    const group = uniqueName("static-group");
    await ensureTopic(client, topic);
    const members = ["m-0", "m-1", "m-2"].map((id) => start(topic, group, id));
    try {
      await until(() => settled(members), "three members own 16 partitions");
      // let the group settle: no further assignment for a few seconds
      let seen = members.map((m) => m.assignments.length);
      await until(() => {
        const now = members.map((m) => m.assignments.length);
        const same = JSON.stringify(now) === JSON.stringify(seen);
        seen = now;
        return same && settled(members);
      }, "a stable group");
      const before = members[1].assignments.at(-1)!;
      const othersBefore = [0, 2].map((i) => members[i].assignments.length);
      members[1].child.kill("SIGKILL");
      await members[1].child.status;
      const restartedAt = Date.now();
      members[1] = start(topic, group, "m-1");
      await until(
        () => members[1].assignments.length > 0,
        "the restarted member's assignment",
        40_000,
      );
      const tookMs = Date.now() - restartedAt;
      assert.deepEqual(members[1].assignments[0], before);
      assert.ok(tookMs < 20_000, `took ${tookMs} ms`);
      assert.deepEqual(
        [0, 2].map((i) => members[i].assignments.length),
        othersBefore,
        "the other members were not rebalanced",
      );
    } finally {
      for (const m of members) {
        try {
          m.child.kill("SIGKILL");
        } catch { /* already gone */ }
        await m.child.status;
      }
    }
  },
);

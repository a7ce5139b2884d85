/**
 * Bad input and faults: an invalid connection string, an unreachable
 * endpoint, a wrong key, invalid queue names — clear errors naming the
 * endpoint, never a secret, and nothing committed.
 */
import assert from "node:assert/strict";
import {
  arraySource,
  connectQueueService,
  DispatchError,
  dispatchRecords,
  QueueSender,
  QueueServiceError,
  readQueue,
} from "../../lib/queues/mod.ts";
import type { QueueEvents } from "../../lib/queues/mod.ts";
import { azuriteConnectionString } from "../../lib/azurite/mod.ts";
import { Instrumentation } from "../../lib/support/mod.ts";
import { makeRecords, uniquePrefix } from "./_records.ts";
import { AZURE_TEST_OPTIONS, freePort } from "./_azure.ts";

const SECRET = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

Deno.test("connectQueueService() rejects a malformed connection string without echoing it", async (t) => {
  const cases: [string, string][] = [
    [
      `AccountName=acc;AccountKey=${SECRET}`,
      "invalid Azure Storage connection string (keys: AccountName, AccountKey): Invalid QueueEndpoint in the provided SAS Connection String",
    ],
    [
      SECRET,
      "invalid Azure Storage connection string (keys: none; 1 unrecognised part(s)): expected Key=value pairs such as UseDevelopmentStorage=true or DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net",
    ],
    [
      `DefaultEndpointsProtocol=ftp;AccountName=acc;AccountKey=${SECRET}`,
      "invalid Azure Storage connection string (keys: DefaultEndpointsProtocol, AccountName, AccountKey): Invalid DefaultEndpointsProtocol in the provided Connection String. Expecting 'https' or 'http'",
    ],
  ];
  for (const [connectionString, message] of cases) {
    await t.step(message.slice(40, 90), () => {
      assert.throws(
        () => connectQueueService({ connectionString }),
        (error) => {
          assert.ok(error instanceof TypeError);
          assert.equal(error.message, message);
          assert.ok(!error.message.includes(SECRET));
          return true;
        },
      );
    });
  }
});

Deno.test("connectQueueService() keeps a SAS token out of the printable endpoint", () => {
  const service = connectQueueService({
    connectionString:
      "QueueEndpoint=https://acc.queue.core.windows.net;SharedAccessSignature=sv=2022-11-02&sig=TOPSECRET",
  });
  assert.equal(service.endpoint, "https://acc.queue.core.windows.net");
  assert.equal(service.accountName, "acc");
});

Deno.test("QueueSender rejects a prefix that would give invalid queue names before any request", () => {
  const service = connectQueueService();
  assert.throws(() => new QueueSender(service, { prefix: "Wrapped_" }), {
    name: "RangeError",
    message:
      'queue name "Wrapped_the-early-adopter" is invalid: only lower-case letters, digits and hyphens are allowed (found "W")',
  });
  assert.throws(() => new QueueSender(service, { concurrency: 0 }), {
    name: "RangeError",
    message: "concurrency must be a positive integer: got 0",
  });
});

Deno.test(
  "dispatch to an unreachable endpoint retries with backoff, then stops naming the endpoint and commits nothing",
  AZURE_TEST_OPTIONS,
  async () => {
    const port = freePort();
    const service = connectQueueService({
      connectionString: azuriteConnectionString(port),
    });
    const events = new Instrumentation<QueueEvents>();
    const retries: number[] = [];
    events.on("dispatch.retry", (e) => retries.push(e.attempt));
    let committed = 0;
    await assert.rejects(
      dispatchRecords(
        arraySource(makeRecords(100), { onCommit: (n) => committed = n }),
        new QueueSender(service, {
          prefix: uniquePrefix("down"),
          maxRetryMs: 400,
          startingDelayMs: 20,
          events,
        }),
      ),
      (error) => {
        assert.ok(error instanceof DispatchError);
        assert.equal(error.committedRecords, 0);
        const cause = error.cause;
        assert.ok(cause instanceof QueueServiceError);
        assert.equal(cause.code, "ECONNREFUSED");
        assert.equal(cause.retriable, false, "a spent budget is final");
        assert.equal(
          cause.endpoint,
          `http://127.0.0.1:${port}/devstoreaccount1`,
        );
        assert.match(
          error.message,
          new RegExp(
            `^dispatch stopped: cannot create the queue: Azure Queue service at http://127\\.0\\.0\\.1:${port}/devstoreaccount1 is unreachable \\(ECONNREFUSED: .*\\); gave up after \\d+ attempts over [\\d.]+ s \\(0 records committed; nothing after them\\)$`,
          ),
        );
        assert.ok(!error.message.includes("AccountKey"));
        return true;
      },
    );
    assert.equal(committed, 0);
    assert.ok(retries.length >= 2, `retried (${retries.length})`);
  },
);

Deno.test(
  "a wrong account key fails at once with a non-retriable error that names the endpoint, not the key",
  AZURE_TEST_OPTIONS,
  async () => {
    const good = connectQueueService();
    // Only meaningful against the local Azurite's development account.
    if (!good.endpoint.includes("devstoreaccount1")) return;
    const url = new URL(good.endpoint);
    const service = connectQueueService({
      connectionString:
        `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${SECRET};QueueEndpoint=${good.endpoint};`,
    });
    const events = new Instrumentation<QueueEvents>();
    let retries = 0;
    events.on("dispatch.retry", () => retries++);
    const prefix = uniquePrefix("auth");
    await assert.rejects(
      readQueue(service, "The nomad", { prefix, events }),
      (error) => {
        assert.ok(error instanceof QueueServiceError);
        assert.equal(error.statusCode, 403);
        assert.equal(error.retriable, false);
        assert.equal(
          error.message,
          `cannot read the queue's properties (queue ${prefix}the-nomad at http://${url.host}/devstoreaccount1): HTTP 403 AuthenticationFailed — check the account name and key of the connection string`,
        );
        assert.ok(!error.message.includes(SECRET));
        return true;
      },
    );
    assert.equal(retries, 0);
  },
);

/**
 * Helpers of the queue tests against a real queue service (the Azurite of
 * `deno task test`, or `$AZURE_STORAGE_CONNECTION_STRING`).
 *
 * @module
 */
import type { QueueService } from "../../lib/queues/mod.ts";

/** The SDK keeps keep-alive sockets and timers after a test's requests. */
export const AZURE_TEST_OPTIONS = {
  sanitizeOps: false,
  sanitizeResources: false,
};

/** Deletes every queue whose name starts with `prefix`. */
export async function deleteQueues(
  service: QueueService,
  prefix: string,
): Promise<void> {
  for await (const queue of service.client.listQueues({ prefix })) {
    await service.client.deleteQueue(queue.name).catch(() => {});
  }
}

/** A port nothing listens on (bound, then released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

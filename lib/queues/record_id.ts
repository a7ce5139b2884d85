/**
 * The identity of a listening record (DESIGN §4.7): `user_id` +
 * `start_time`, used to remove duplicates caused by redelivery.
 *
 * @module
 */
import type { ListeningRecord } from "../schema/mod.ts";

/**
 * A record's id, `"<user_id>:<start_time>"`.
 *
 * @param record A listening record.
 * @returns E.g. `"42:1740805200000"`.
 */
export function recordId(
  record: Pick<ListeningRecord, "user_id" | "listening_time">,
): string {
  return `${record.user_id}:${record.listening_time.start_time}`;
}

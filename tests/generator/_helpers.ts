import type { ListeningRecord } from "../../lib/schema/mod.ts";

/** Groups records by user, keeping order. */
export function byUser(
  records: readonly ListeningRecord[],
): Map<number, ListeningRecord[]> {
  const users = new Map<number, ListeningRecord[]>();
  for (const r of records) {
    const list = users.get(r.user_id) ?? [];
    list.push(r);
    users.set(r.user_id, list);
  }
  return users;
}

/** Least gap between two sessions of a user (pauses are at most 5 min). */
export const SESSION_GAP_MS = 15 * 60_000;

/** Splits one user's time-ordered records into sessions. */
export function sessionsOf(records: readonly ListeningRecord[]) {
  const sessions: ListeningRecord[][] = [];
  let previousEnd = -Infinity;
  for (const r of records) {
    if (r.listening_time.start_time - previousEnd >= SESSION_GAP_MS) {
      sessions.push([]);
    }
    sessions.at(-1)!.push(r);
    previousEnd = r.listening_time.end_time;
  }
  return sessions;
}

/** A decoded record as plain objects (avsc decodes to class instances). */
export function plain(record: ListeningRecord): ListeningRecord {
  return {
    ...record,
    user_location: { ...record.user_location },
    listening_time: { ...record.listening_time },
  };
}

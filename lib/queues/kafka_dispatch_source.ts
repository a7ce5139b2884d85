/**
 * The Kafka topic as a dispatch source: consumes with its own consumer
 * group through `consumeListening`, and lets the consumer commit a batch's
 * offsets only after the dispatcher called that batch's `commit()` — that
 * is, after the queue service accepted its records.
 *
 * @module
 */
import { consumeListening } from "../kafka/mod.ts";
import type {
  ConsumeListeningOptions,
  ConsumeSummary,
  KafkaClient,
} from "../kafka/mod.ts";
import type { DispatchBatch, DispatchSource } from "./dispatch_source.ts";

/** Options of {@linkcode kafkaDispatchSource}: `consumeListening`'s, minus the handler. */
export type KafkaDispatchSourceOptions = Omit<
  ConsumeListeningOptions,
  "onBatch"
>;

/** A dispatch source over a Kafka topic. */
export interface KafkaDispatchSource extends DispatchSource {
  /**
   * Resolves with the consumer's summary once it stopped (end of topic
   * with `once`, `maxRecords`, the signal, or the dispatcher stopping it).
   */
  readonly finished: Promise<ConsumeSummary>;
  /**
   * Invalid messages (undecodable, wrong schema, unknown personality,
   * impossible times) written to `<topic>.dlq` so far.
   */
  readonly unroutable: number;
}

interface Pending {
  batch: DispatchBatch;
  release: () => void;
  refuse: (error: Error) => void;
}

/**
 * Creates the source; the consumer starts on the first pull.
 *
 * Invalid records (e.g. a personality not one of the 16) cannot be
 * routed: the consumer's one validation sends them to `<topic>.dlq`
 * before their batch is handed on.
 *
 * @param client A Kafka client (`createKafka()`).
 * @param options Group, topic, `fromBeginning`, `once`, signal…
 * @returns A source whose batches are single Kafka partition batches.
 */
export function kafkaDispatchSource(
  client: KafkaClient,
  options: KafkaDispatchSourceOptions,
): KafkaDispatchSource {
  const stop = new AbortController();
  const ready: Pending[] = [];
  const handedOut = new Set<Pending>();
  const waiters: {
    resolve: (r: IteratorResult<DispatchBatch>) => void;
    reject: (e: unknown) => void;
  }[] = [];
  let ended = false;
  let unroutable = 0;
  let endError: unknown;
  let run: Promise<ConsumeSummary> | undefined;
  let resolveFinished!: (summary: ConsumeSummary) => void;
  let rejectFinished!: (error: unknown) => void;
  const finished = new Promise<ConsumeSummary>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  finished.catch(() => {});

  const deliver = () => {
    while (waiters.length > 0 && ready.length > 0) {
      const pending = ready.shift()!;
      handedOut.add(pending);
      waiters.shift()!.resolve({ value: pending.batch, done: false });
    }
    if (ended && ready.length === 0) {
      for (const waiter of waiters.splice(0)) {
        if (endError !== undefined) waiter.reject(endError);
        else waiter.resolve({ value: undefined, done: true });
      }
    }
  };

  const start = () => {
    const signal = options.signal
      ? AbortSignal.any([options.signal, stop.signal])
      : stop.signal;
    run = consumeListening(client, {
      ...options,
      signal,
      onUndecodable: (info) => {
        unroutable++;
        options.onUndecodable?.(info);
      },
      onBatch: async ({ records }) => {
        if (records.length === 0) return;
        await new Promise<void>((release, refuse) => {
          const pending: Pending = {
            batch: {
              records,
              commit: () => {
                handedOut.delete(pending);
                release();
                return Promise.resolve();
              },
            },
            release,
            refuse,
          };
          ready.push(pending);
          deliver();
        });
      },
    });
    run.then((summary) => {
      ended = true;
      resolveFinished(summary);
      deliver();
    }, (error) => {
      ended = true;
      endError = error;
      rejectFinished(error);
      deliver();
    });
  };

  const refuseAll = () => {
    const error = new Error("dispatch stopped before this batch was stored");
    for (const pending of [...ready.splice(0), ...handedOut]) {
      pending.refuse(error);
    }
    handedOut.clear();
  };

  return {
    finished,
    get unroutable() {
      return unroutable;
    },
    [Symbol.asyncIterator](): AsyncIterator<DispatchBatch> {
      return {
        next() {
          if (!run) start();
          return new Promise((resolve, reject) => {
            waiters.push({ resolve, reject });
            deliver();
          });
        },
        async return() {
          stop.abort();
          refuseAll();
          if (run) await run.catch(() => {});
          ended = true;
          deliver();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

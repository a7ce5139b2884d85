/**
 * Sends packed messages to personality queues with bounded concurrency,
 * creating each queue on first use and retrying transient failures.
 *
 * @module
 */
import pLimit, { type LimitFunction } from "p-limit";
import type { QueueClient } from "@azure/storage-queue";
import type { AzuritePersistence } from "../azurite/mod.ts";
import { Instrumentation } from "../support/mod.ts";
import type { QueueService } from "./connect_queue_service.ts";
import type { PackedMessage } from "./pack_records.ts";
import type { QueueEvents } from "./queue_events.ts";
import {
  DEFAULT_QUEUE_PREFIX,
  queueName,
  validateQueuePrefix,
} from "./queue_name.ts";
import { withQueueRetry } from "./with_queue_retry.ts";
import type { QueueRetryOptions } from "./with_queue_retry.ts";
import { QueueServiceError } from "./queue_errors.ts";
import { SaveBarrier } from "./_save_barrier.ts";

/** The queue (under the prefix) whose marker messages force a save. */
const SAVE_PROBE_QUEUE = "save-probe";

/** Options of {@linkcode QueueSender}. */
export interface QueueSenderOptions
  extends Omit<QueueRetryOptions, "signal" | "onRetry"> {
  /** Queue name prefix. Default `"wrapped-"`. */
  prefix?: string;
  /** Sends in flight at once, over all queues. Default 16. */
  concurrency?: number;
  /** Where `dispatch.retry` and `dispatch.queue_ready` are emitted. */
  events?: Instrumentation<QueueEvents>;
  /**
   * The local Azurite's saves, when the service is one: then
   * {@linkcode QueueSender.persisted} waits until acknowledged messages are
   * in its store files. Without it an acknowledgement counts as durable
   * (as it is on Azure Storage).
   */
  persistence?: AzuritePersistence;
}

/** Options of one {@linkcode QueueSender.send} call. */
export interface SendOptions {
  /** Stops retrying and skips sends not yet started. */
  signal?: AbortSignal;
}

/**
 * Sends messages to the queue of their personality.
 *
 * @example
 * ```ts
 * const sender = new QueueSender(connectQueueService(), { concurrency: 8 });
 * await sender.send("The nomad", packRecords("The nomad", records));
 * ```
 */
export class QueueSender {
  /** The service's printable endpoint. */
  readonly endpoint: string;
  /** The queue name prefix. */
  readonly prefix: string;
  #service: QueueService;
  #limit: LimitFunction;
  #retry: Omit<QueueRetryOptions, "signal" | "onRetry">;
  #events: Instrumentation<QueueEvents>;
  #ready = new Map<string, Promise<QueueClient>>();
  #barrier?: SaveBarrier;

  /**
   * @param service A connected queue service.
   * @param options Prefix, concurrency, retry budget, events.
   * @throws {RangeError} For a prefix that gives invalid queue names or a
   *   concurrency below 1.
   */
  constructor(service: QueueService, options: QueueSenderOptions = {}) {
    const {
      prefix = DEFAULT_QUEUE_PREFIX,
      concurrency = 16,
      events = new Instrumentation<QueueEvents>(),
      persistence,
      ...retry
    } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(
        `concurrency must be a positive integer: got ${concurrency}`,
      );
    }
    this.prefix = validateQueuePrefix(prefix);
    this.endpoint = service.endpoint;
    this.#service = service;
    this.#limit = pLimit(concurrency);
    this.#retry = retry;
    this.#events = events;
    if (persistence) {
      this.#barrier = new SaveBarrier(persistence, () => this.#touch());
    }
  }

  /**
   * A token of the service instance now (the Azurite process), to take
   * before sending and pass to {@linkcode persisted}; `undefined` when
   * acknowledgements are durable by themselves.
   */
  persistenceMark(): string | undefined {
    return this.#barrier?.generation();
  }

  /**
   * Resolves once every message the service acknowledged before this call
   * is durable: at once on Azure Storage; on a watched Azurite once its
   * store files hold them.
   *
   * @param mark {@linkcode persistenceMark} from before the sends.
   * @throws {AzuriteRestartedError} When Azurite restarted since `mark`:
   *   the messages may be lost and must be sent again.
   */
  async persisted(mark: string | undefined): Promise<void> {
    if (this.#barrier && mark !== undefined) await this.#barrier.wait(mark);
  }
  /**
   * The queue name of a personality under this sender's prefix.
   *
   * @param personality One of the 16 names.
   * @returns E.g. `wrapped-the-nomad`.
   */
  queueFor(personality: string): string {
    return queueName(personality, { prefix: this.prefix });
  }

  /**
   * Creates the personality's queue if missing (once per sender).
   *
   * @param personality One of the 16 names.
   * @param options Abort signal.
   * @returns The SDK client of the queue.
   * @throws {QueueServiceError} When the service refuses or stays down.
   */
  ensureQueue(
    personality: string,
    options: SendOptions = {},
  ): Promise<QueueClient> {
    const queue = this.queueFor(personality);
    let ready = this.#ready.get(queue);
    if (!ready) {
      const client = this.#service.client.getQueueClient(queue);
      ready = withQueueRetry(
        () => client.createIfNotExists(),
        { endpoint: this.endpoint, queue, operation: "create the queue" },
        { ...this.#retry, ...this.#retryHooks(queue, options.signal) },
      ).then(() => {
        this.#events.emit("dispatch.queue_ready", { queue });
        return client;
      });
      ready.catch(() => this.#ready.delete(queue));
      this.#ready.set(queue, ready);
    }
    return ready;
  }

  /**
   * Sends messages to the personality's queue; resolves once the service
   * accepted every one of them.
   *
   * @param personality One of the 16 names.
   * @param messages Packed messages of that personality.
   * @param options Abort signal.
   * @throws {QueueServiceError} The first persistent failure, after all of
   *   this call's sends have settled.
   */
  async send(
    personality: string,
    messages: readonly PackedMessage[],
    options: SendOptions = {},
  ): Promise<void> {
    const { signal } = options;
    const client = await this.ensureQueue(personality, options);
    const queue = client.name;
    const context = {
      endpoint: this.endpoint,
      queue,
      operation: "send a message",
    };
    const hooks = this.#retryHooks(queue, signal);
    const results = await Promise.allSettled(
      messages.map((message) =>
        this.#limit(() => {
          signal?.throwIfAborted();
          return withQueueRetry(
            () => this.#sendRecreating(client, message.text),
            context,
            { ...this.#retry, ...hooks },
          );
        })
      ),
    );
    const failures = results.flatMap((r) =>
      r.status === "rejected" ? [r.reason] : []
    );
    if (failures.length > 0) {
      throw failures.find((e) => !(e instanceof DOMException)) ?? failures[0];
    }
  }

  /**
   * Sends one message; when the queue is gone (an emulator restarted
   * without it), creates it again and sends once more.
   */
  async #sendRecreating(client: QueueClient, text: string) {
    try {
      return await client.sendMessage(text);
    } catch (error) {
      if ((error as { statusCode?: number })?.statusCode !== 404) throw error;
      await client.createIfNotExists();
      return await client.sendMessage(text);
    }
  }

  /** Sends and deletes a marker message: both Azurite databases change. */
  async #touch(): Promise<void> {
    const client = this.#service.client.getQueueClient(
      `${this.prefix}${SAVE_PROBE_QUEUE}`,
    );
    const context = {
      endpoint: this.endpoint,
      queue: client.name,
      operation: "send a marker message",
    };
    const retry = { ...this.#retry, ...this.#retryHooks(client.name) };
    const sent = await withQueueRetry(
      () => this.#sendRecreating(client, "save"),
      context,
      retry,
    );
    await withQueueRetry(
      () => client.deleteMessage(sent.messageId, sent.popReceipt),
      { ...context, operation: "delete a marker message" },
      retry,
    ).catch((error) => {
      // Gone with a restart: the round notices the restart anyway.
      if (!(error instanceof QueueServiceError && error.statusCode === 404)) {
        throw error;
      }
    });
  }

  #retryHooks(queue: string, signal?: AbortSignal): QueueRetryOptions {
    return {
      signal,
      onRetry: (error, attempt) =>
        this.#events.emit("dispatch.retry", {
          queue,
          attempt,
          error: error.message,
          endpoint: this.endpoint,
        }),
    };
  }
}

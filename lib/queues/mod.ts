/**
 * Personality queues on Azure Queue Storage (DESIGN §4.7): naming, the
 * message format and packing, a sender with bounded concurrency and
 * retries, the at-least-once dispatcher, and queue statistics (peek or
 * drain with duplicates removed).
 *
 * @example Dispatch records and drain one queue
 * ```ts
 * import {
 *   arraySource, connectQueueService, dispatchRecords, QueueSender, readQueue,
 * } from "./mod.ts";
 * const service = connectQueueService(); // $AZURE_STORAGE_CONNECTION_STRING or Azurite
 * const sender = new QueueSender(service, { prefix: "demo-" });
 * const summary = await dispatchRecords(arraySource(records), sender);
 * const report = await readQueue(service, "The nomad", { prefix: "demo-", mode: "drain" });
 * ```
 *
 * @module
 */
export {
  DEFAULT_QUEUE_PREFIX,
  POISON_SUFFIX,
  poisonQueueName,
  queueName,
  queueNameProblem,
  validateQueueName,
  validateQueuePrefix,
} from "./queue_name.ts";
export type { QueueNameOptions } from "./queue_name.ts";
export { recordId } from "./record_id.ts";
export {
  decodeQueueMessage,
  encodeQueueMessage,
  ForeignMessageError,
  MAX_MESSAGE_BYTES,
  MESSAGE_FORMAT_VERSION,
} from "./queue_message.ts";
export type { QueueMessageBody } from "./queue_message.ts";
export { packRecords } from "./pack_records.ts";
export type { PackedMessage, PackRecordsOptions } from "./pack_records.ts";
export { DispatchError, QueueServiceError } from "./queue_errors.ts";
export type {
  DispatchErrorFields,
  QueueServiceErrorFields,
} from "./queue_errors.ts";
export {
  CONNECTION_STRING_ENV,
  connectQueueService,
  redactSecrets,
  resolveConnectionString,
} from "./connect_queue_service.ts";
export type {
  ConnectQueueServiceOptions,
  QueueService,
} from "./connect_queue_service.ts";
export { toQueueServiceError } from "./to_queue_service_error.ts";
export type { QueueErrorContext } from "./to_queue_service_error.ts";
export { withQueueRetry } from "./with_queue_retry.ts";
export type { QueueRetryOptions } from "./with_queue_retry.ts";
export type { QueueEvents } from "./queue_events.ts";
export { QueueSender } from "./queue_sender.ts";
export type { QueueSenderOptions, SendOptions } from "./queue_sender.ts";
export { arraySource } from "./dispatch_source.ts";
export type {
  ArraySourceOptions,
  DispatchBatch,
  DispatchSource,
} from "./dispatch_source.ts";
export { dispatchRecords } from "./dispatch_records.ts";
export type {
  DispatchOptions,
  DispatchProgress,
  DispatchSummary,
  QueueDispatchStats,
  QueueSink,
} from "./dispatch_records.ts";
export { PersonalityStatisticsBuilder } from "./personality_statistics.ts";
export type {
  NameCount,
  PersonalityStatistics,
  PersonalityStatisticsOptions,
  SongCount,
} from "./personality_statistics.ts";
export { MAX_MESSAGES_PER_RECEIVE, readQueue } from "./read_queue.ts";
export type {
  ForeignAction,
  ForeignMessage,
  QueueReport,
  ReadMode,
  ReadQueueOptions,
} from "./read_queue.ts";
export { queueStatistics } from "./queue_statistics.ts";
export type { QueueStatisticsOptions } from "./queue_statistics.ts";
export { kafkaDispatchSource } from "./kafka_dispatch_source.ts";
export type {
  KafkaDispatchSource,
  KafkaDispatchSourceOptions,
} from "./kafka_dispatch_source.ts";
export { clearQueues } from "./clear_queues.ts";
export type { ClearQueuesOptions } from "./clear_queues.ts";
export { queuesVsPartitions, statisticsRow } from "./statistics_row.ts";
export type { QueueCheckRow, StatisticsRow } from "./statistics_row.ts";

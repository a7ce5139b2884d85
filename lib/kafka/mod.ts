/**
 * Kafka I/O for the listening events: connection from the environment, the
 * personality topic, the Avro message codec, dead letters, offsets and lag,
 * and the local broker of `deno task kafka:up`.
 *
 * @module
 */
export {
  BrokerUnreachableError,
  KafkaToolError,
  MessageDecodeError,
  ProduceFailedError,
  TopicLayoutError,
} from "./errors.ts";
export {
  KAFKA_LOG_LEVELS,
  kafkaConfigFromEnv,
  LOCAL_BROKER,
  parseBrokerList,
  SASL_MECHANISMS,
} from "./kafka_config_from_env.ts";
export type {
  KafkaConnectionConfig,
  KafkaLogLevel,
  KafkaSaslConfig,
  KafkaSslConfig,
  SaslMechanism,
} from "./kafka_config_from_env.ts";
export {
  createKafka,
  KafkaClient,
  platformaticOptions,
  retryForDeadline,
} from "./create_kafka.ts";
export { isRetriableKafkaError, withKafkaRetry } from "./with_kafka_retry.ts";
export type { KafkaRetryOptions } from "./with_kafka_retry.ts";
export type { CreateKafkaOptions } from "./create_kafka.ts";
export {
  brokerPaths,
  localBrokerPid,
  probeBroker,
  startLocalBroker,
  stopLocalBroker,
} from "./local_broker.ts";
export type {
  BrokerPaths,
  BrokerProbe,
  LocalBrokerInfo,
  ProbeBrokerOptions,
  StartLocalBrokerOptions,
  StopLocalBrokerOptions,
  StopResult,
} from "./local_broker.ts";
export {
  assertTopicLayout,
  DEFAULT_TOPIC,
  ensureTopic,
  PARTITIONS,
  topicPartitionCount,
  validateTopicName,
} from "./ensure_topic.ts";
export type { EnsureTopicOptions, EnsureTopicResult } from "./ensure_topic.ts";
export {
  decodeListeningMessage,
  encodeListeningMessage,
  LISTENING_HEADERS,
  SCHEMA_FINGERPRINT_HEADER,
  SCHEMA_VERSION_HEADER,
  schemaFingerprintProblem,
} from "./listening_message_codec.ts";
export type {
  KafkaMessageLike,
  ListeningMessage,
  MessageHeaders,
} from "./listening_message_codec.ts";
export { listeningRecordProblem } from "./listening_record_problem.ts";
export type { ValidatedFields } from "./listening_record_problem.ts";
export {
  createDeadLetterWriter,
  DEAD_LETTER_OFFSET_HEADER,
  DEAD_LETTER_PARTITION_HEADER,
  DEAD_LETTER_REASON_HEADER,
  DEAD_LETTER_TOPIC_HEADER,
  deadLetterTopic,
  DeadLetterWriter,
} from "./dead_letter_writer.ts";
export type {
  DeadLetter,
  DeadLetterWriterOptions,
} from "./dead_letter_writer.ts";
export {
  captureEndOffsets,
  committedOffsets,
  EndOffsetTarget,
  topicEndOffsets,
} from "./topic_end_offsets.ts";
export type {
  CaptureEndOffsetsOptions,
  PartitionOffsets,
} from "./topic_end_offsets.ts";
export { openKafkaReader } from "./kafka_reader.ts";
export type {
  KafkaReader,
  KafkaReaderOptions,
  ReaderGroup,
  ReaderMessage,
} from "./kafka_reader.ts";
export { consumeListening } from "./consume_listening.ts";
export type {
  ConsumeListeningOptions,
  ConsumeSummary,
  ListeningBatch,
  UndecodableMessage,
} from "./consume_listening.ts";
export { produceListening } from "./produce_listening.ts";
export type {
  ProduceListeningOptions,
  ProduceProgress,
  ProduceSummary,
  RecordSource,
} from "./produce_listening.ts";
export { eventTimePacer, ratePacer } from "./pacers.ts";
export type { Pacer } from "./pacers.ts";
export { describeConsumerLag } from "./describe_consumer_lag.ts";
export type {
  DescribeConsumerLagOptions,
  LagRow,
} from "./describe_consumer_lag.ts";
/** Re-exported from `lib/schema` for the consumer's flattened output. */
export { FLAT_COLUMNS, flattenListeningRecord } from "../schema/mod.ts";
export type { FlatColumn, FlatListeningRecord } from "../schema/mod.ts";
export { partitionLag, topicLayout } from "./topic_layout.ts";
export type { PartitionLag, PartitionLayout } from "./topic_layout.ts";
export { checkTopic } from "./check_topic.ts";
export type { CheckTopicOptions, TopicCheck } from "./check_topic.ts";
export {
  findResumePoints,
  ResumeMismatchError,
  skipProduced,
} from "./resume_points.ts";
export type { ResumePoint } from "./resume_points.ts";

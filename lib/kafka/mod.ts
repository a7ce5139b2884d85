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
export { createKafka, KafkaClient, retryForDeadline } from "./create_kafka.ts";
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

/**
 * The listening events as engine sources: their column layout
 * ({@linkcode LISTENING_COLUMNS}), the Kafka topic ({@linkcode kafkaSource})
 * and a file replayed as the topic delivers it
 * ({@linkcode listeningFileSource}). Above `lib/engine` and `lib/kafka`
 * (which know nothing of each other), below the analyses; `lib/kafka`
 * stays free of polars for the commands that do not analyse.
 *
 * @module
 */
export {
  type KafkaSource,
  kafkaSource,
  type KafkaSourceOptions,
  STARTING_OFFSETS,
  type StartingOffsets,
} from "./kafka_source.ts";
export {
  LISTENING_COLUMNS,
  type ListeningColumn,
} from "./listening_columns.ts";
export { listeningFileSource } from "./listening_file_source.ts";

/**
 * Avro Object Container Files (Avro specification): an atomic writer and a
 * checking, resumable reader, built on avsc. Shared by the generator, the
 * Kafka producer and the stream engine's file source.
 *
 * @example Write and read back
 * ```ts
 * import { readAvroFile, writeAvroFile } from "./mod.ts";
 * await writeAvroFile("data/x.avro", records, { codec: "deflate" });
 * for await (const record of readAvroFile("data/x.avro")) console.log(record);
 * ```
 *
 * @module
 */
export { writeAvroFile } from "./write_avro_file.ts";
export type {
  WriteAvroFileOptions,
  WriteAvroFileResult,
} from "./write_avro_file.ts";
export { AvroFileReader, readAvroFile } from "./read_avro_file.ts";
export {
  type BlockData,
  containerBytes,
  ContainerWriter,
} from "./container_bytes.ts";
export type {
  AvroBlock,
  AvroFileHeader,
  ReadAvroFileOptions,
} from "./read_avro_file.ts";
export {
  AvroCorruptBlockError,
  AvroFileError,
  AvroSchemaMismatchError,
  NotAvroFileError,
} from "./avro_errors.ts";
export { projectedType } from "./projected_type.ts";
export { CODECS } from "./_container_format.ts";
export type { AvroCodec } from "./_container_format.ts";

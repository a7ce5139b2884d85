/**
 * Pieces of the Avro Object Container File format (Avro specification,
 * "Object Container Files"), described as avsc types so that no part of the
 * format is parsed by hand.
 *
 * @module
 */
import avro from "avsc";
import { Buffer } from "node:buffer";

/** The four bytes every container file starts with: `Obj` and version 1. */
export const MAGIC: Buffer = Buffer.from("Obj\x01", "latin1");

/** Length of a file's sync marker, in bytes. */
export const SYNC_SIZE = 16;

/** The file header: magic, metadata map (`avro.schema`, `avro.codec`), sync. */
export const HEADER_TYPE: avro.Type = avro.Type.forSchema({
  name: "org.apache.avro.file.Header",
  type: "record",
  fields: [
    { name: "magic", type: { type: "fixed", name: "Magic", size: 4 } },
    { name: "meta", type: { type: "map", values: "bytes" } },
    { name: "sync", type: { type: "fixed", name: "Sync", size: SYNC_SIZE } },
  ],
});

/** Avro `long` (zig-zag varint): a block's record count and byte size. */
export const LONG_TYPE: avro.Type = avro.Type.forSchema("long");

/** The decoded header of a container file. */
export interface ContainerHeader {
  /** `Obj\x01`. */
  magic: Buffer;
  /** Metadata: `avro.schema`, `avro.codec` and any extra keys. */
  meta: Record<string, Buffer>;
  /** The 16-byte marker written after every block. */
  sync: Buffer;
}

/** Compression codecs this module reads and writes. */
export const CODECS = ["null", "deflate"] as const;

/** A compression codec: `"null"` (none) or `"deflate"` (raw RFC 1951). */
export type AvroCodec = typeof CODECS[number];

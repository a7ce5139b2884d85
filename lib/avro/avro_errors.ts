/**
 * Errors of reading Avro container files that callers may want to catch.
 *
 * @module
 */

/** Base class of the errors of {@linkcode readAvroFile}. */
export class AvroFileError extends Error {
  /** The file being read. */
  readonly path: string;

  /**
   * Creates the error.
   *
   * @param path The file being read.
   * @param message What is wrong.
   * @param options The underlying cause, if any.
   */
  constructor(path: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AvroFileError";
    this.path = path;
  }
}

/** The file is not an Avro Object Container File (bad magic or header). */
export class NotAvroFileError extends AvroFileError {
  /**
   * Creates the error.
   *
   * @param path The file being read.
   * @param reason Why it is not a container file.
   * @param options The underlying cause, if any.
   */
  constructor(path: string, reason: string, options?: ErrorOptions) {
    super(
      path,
      `${JSON.stringify(path)} is not an Avro object container file: ${reason}`,
      options,
    );
    this.name = "NotAvroFileError";
  }
}

/** The file was written with a schema that cannot be read as ours. */
export class AvroSchemaMismatchError extends AvroFileError {
  /** Full name of the writer's schema (e.g. `music.Other`), if it has one. */
  readonly writerName: string | undefined;
  /** Full name of the expected (reader) schema. */
  readonly readerName: string | undefined;

  /**
   * Creates the error.
   *
   * @param path The file being read.
   * @param writerName The writer schema's name.
   * @param readerName The reader schema's name.
   * @param reason Why the schemas do not resolve.
   */
  constructor(
    path: string,
    writerName: string | undefined,
    readerName: string | undefined,
    reason: string,
  ) {
    super(
      path,
      `${JSON.stringify(path)} was written with schema ${
        writerName ?? "(unnamed)"
      }, which cannot be read as ${readerName ?? "(unnamed)"}: ${reason}`,
    );
    this.name = "AvroSchemaMismatchError";
    this.writerName = writerName;
    this.readerName = readerName;
  }
}

/** A data block is damaged: bad sync marker, sizes, compression or data. */
export class AvroCorruptBlockError extends AvroFileError {
  /** 0-based index of the block in the file (counting skipped blocks). */
  readonly blockIndex: number;
  /** Byte offset of the block's start in the file. */
  readonly byteOffset: number;
  /** What is wrong with it. */
  readonly reason: string;

  /**
   * Creates the error.
   *
   * @param path The file being read.
   * @param blockIndex 0-based index of the block.
   * @param byteOffset Where the block starts in the file.
   * @param reason What is wrong with it.
   * @param options The underlying cause, if any.
   */
  constructor(
    path: string,
    blockIndex: number,
    byteOffset: number,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      path,
      `corrupt Avro block #${blockIndex} at byte ${byteOffset} of ${
        JSON.stringify(path)
      }: ${reason}`,
      options,
    );
    this.name = "AvroCorruptBlockError";
    this.blockIndex = blockIndex;
    this.byteOffset = byteOffset;
    this.reason = reason;
  }
}

/**
 * Random-access reads of a large file through one growing buffer: the
 * Avro reader asks for byte ranges by absolute offset and the file is read
 * in big chunks, never whole.
 *
 * @module
 */
import { Buffer } from "node:buffer";

/** A file read through a sliding buffer. */
export class ChunkedFile {
  /** The file's size in bytes. */
  readonly size: number;
  /** The buffer; bytes of the file from {@linkcode start} on. */
  buf: Buffer;
  /** File offset of `buf[0]`. */
  start = 0;
  /** Number of valid bytes in `buf`. */
  length = 0;
  #file: Deno.FsFile;
  #chunkSize: number;

  private constructor(file: Deno.FsFile, size: number, chunkSize: number) {
    this.#file = file;
    this.size = size;
    this.#chunkSize = chunkSize;
    this.buf = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(size, 1)));
  }

  /** Opens `path` for reading. */
  static async open(path: string, chunkSize: number): Promise<ChunkedFile> {
    const file = await Deno.open(path, { read: true });
    try {
      const { size } = await file.stat();
      return new ChunkedFile(file, size, chunkSize);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /** Moves the read position to `offset` (drops buffered bytes before it). */
  async seek(offset: number): Promise<void> {
    if (offset >= this.start && offset <= this.start + this.length) return;
    this.start = offset;
    this.length = 0;
    await this.#file.seek(offset, Deno.SeekMode.Start);
  }

  /**
   * Makes bytes `[offset, offset + n)` available in {@linkcode buf}, as far as
   * the file has them. Drops buffered bytes before `offset`.
   *
   * @returns The index in `buf` of `offset`.
   */
  async ensure(offset: number, n: number): Promise<number> {
    if (offset < this.start || offset > this.start + this.length) {
      await this.seek(offset);
    }
    const want = Math.min(n, this.size - offset);
    if (offset + want <= this.start + this.length) return offset - this.start;
    // Compact: keep bytes from `offset` on at the front of the buffer.
    const keep = this.start + this.length - offset;
    const needed = Math.max(
      want,
      Math.min(this.#chunkSize, this.size - offset),
    );
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(grown, 0, offset - this.start, offset - this.start + keep);
      this.buf = grown;
    } else if (offset !== this.start) {
      this.buf.copy(
        this.buf,
        0,
        offset - this.start,
        offset - this.start + keep,
      );
    }
    this.start = offset;
    this.length = keep;
    while (this.length < needed) {
      const read = await this.#file.read(
        this.buf.subarray(this.length, this.buf.length),
      );
      if (read === null) break;
      this.length += read;
    }
    return 0;
  }

  /**
   * Finds the first occurrence of `needle` at or after file offset `from`.
   *
   * @returns Its file offset, or -1.
   */
  async indexOf(needle: Uint8Array, from: number): Promise<number> {
    let at = from;
    while (at < this.size) {
      const i = await this.ensure(at, this.#chunkSize);
      const found = this.buf.subarray(0, this.length).indexOf(needle, i);
      if (found >= 0) return this.start + found;
      const end = this.start + this.length;
      if (end >= this.size) return -1;
      at = Math.max(at + 1, end - needle.length + 1);
    }
    return -1;
  }

  /** Closes the file. */
  close(): void {
    try {
      this.#file.close();
    } catch { /* already closed */ }
  }
}

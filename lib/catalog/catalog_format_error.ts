/**
 * The error of a malformed catalogue file.
 *
 * @module
 */

/**
 * A catalogue CSV is malformed. Names the file, line and column (both
 * 1-based). A `TypeError`, so the commands report it as bad input.
 */
export class CatalogFormatError extends TypeError {
  /** The file. */
  readonly path: string;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column (field) number. */
  readonly column: number;

  /**
   * Creates the error.
   *
   * @param path The file.
   * @param line 1-based line.
   * @param column 1-based column.
   * @param problem What is wrong there.
   * @param options The underlying cause, if any.
   */
  constructor(
    path: string,
    line: number,
    column: number,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: line ${line}, column ${column}: ${problem}`, options);
    this.name = "CatalogFormatError";
    this.path = path;
    this.line = line;
    this.column = column;
  }
}

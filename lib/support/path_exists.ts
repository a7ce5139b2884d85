/**
 * Whether a path exists, synchronously.
 *
 * @module
 */

/**
 * Whether something (file, directory, ...) exists at `path`.
 *
 * @param path The path to look at.
 * @returns `false` only when nothing is there.
 * @throws {Deno.errors.PermissionDenied} (or another I/O error) when the
 *   path cannot be looked at: never taken for a missing one.
 */
export function pathExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

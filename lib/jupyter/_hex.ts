/**
 * Bytes as lower-case hex (private).
 *
 * @module
 */

/**
 * Encodes bytes as lower-case hexadecimal.
 *
 * @param bytes The bytes.
 * @returns Two hex digits per byte.
 */
export function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

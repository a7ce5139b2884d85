/**
 * Where the local Azurite queue service lives by default, and the pinned
 * version the project installs.
 *
 * @module
 */

/** The pinned npm version of Azurite (see `azurite_package.json`). */
export const AZURITE_VERSION = "3.37.0";

/** Loopback address Azurite listens on. */
export const DEFAULT_AZURITE_HOST = "127.0.0.1";

/** Azurite's standard queue port. */
export const DEFAULT_AZURITE_QUEUE_PORT = 10001;

/**
 * Azurite's well-known development account (public, documented by
 * Microsoft; not a secret).
 */
export const AZURITE_ACCOUNT_NAME = "devstoreaccount1";

/** The public key of {@linkcode AZURITE_ACCOUNT_NAME}. */
export const AZURITE_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** The project's root directory (holds `deno.json`). */
export const PROJECT_ROOT: string = new URL("../../", import.meta.url).pathname
  .replace(/\/$/, "");

/** Default data directory of the Azurite started by `azurite:up`. */
export const DEFAULT_AZURITE_DATA_DIR = `${PROJECT_ROOT}/data/azurite`;

/** Default directory Azurite is installed into by `azurite:up`. */
export const DEFAULT_AZURITE_TOOLS_DIR = `${PROJECT_ROOT}/data/tools/azurite`;

/**
 * The connection string of the development account on a local Azurite
 * queue endpoint — what `UseDevelopmentStorage=true` means, on any port.
 *
 * @param port The queue port. Default {@linkcode DEFAULT_AZURITE_QUEUE_PORT}.
 * @param host The host. Default {@linkcode DEFAULT_AZURITE_HOST}.
 * @returns A connection string usable with `@azure/storage-queue`.
 */
export function azuriteConnectionString(
  port: number = DEFAULT_AZURITE_QUEUE_PORT,
  host: string = DEFAULT_AZURITE_HOST,
): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};` +
    `AccountKey=${AZURITE_ACCOUNT_KEY};` +
    `QueueEndpoint=http://${host}:${port}/${AZURITE_ACCOUNT_NAME};`;
}

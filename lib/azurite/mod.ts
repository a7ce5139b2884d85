/**
 * The local Azure Storage queue emulator: install the pinned Azurite, start
 * it in the background, probe it, stop it.
 *
 * @example Start a private Azurite for a test
 * ```ts
 * import { startAzurite, stopAzurite } from "./mod.ts";
 * const dataDir = await Deno.makeTempDir();
 * const azurite = await startAzurite({ port: 10101, dataDir });
 * // … use azurite.connectionString …
 * await stopAzurite({ dataDir });
 * ```
 *
 * @module
 */
export {
  AZURITE_ACCOUNT_KEY,
  AZURITE_ACCOUNT_NAME,
  AZURITE_VERSION,
  azuriteConnectionString,
  DEFAULT_AZURITE_DATA_DIR,
  DEFAULT_AZURITE_HOST,
  DEFAULT_AZURITE_QUEUE_PORT,
  DEFAULT_AZURITE_TOOLS_DIR,
  PROJECT_ROOT,
} from "./azurite_defaults.ts";
export { installAzurite } from "./install_azurite.ts";
export type { InstallAzuriteOptions } from "./install_azurite.ts";
export { DEFAULT_AZURITE_AUTOSAVE_MS, startAzurite } from "./start_azurite.ts";
export type { AzuriteInstance, StartAzuriteOptions } from "./start_azurite.ts";
export { stopAzurite } from "./stop_azurite.ts";
export type { StopAzuriteOptions, StopAzuriteResult } from "./stop_azurite.ts";
export { probeQueueEndpoint } from "./probe_queue_endpoint.ts";
export type {
  ProbeQueueEndpointOptions,
  QueueEndpointProbe,
} from "./probe_queue_endpoint.ts";
export {
  AZURITE_STORE_FILES,
  AzuritePersistence,
  AzuriteRestartedError,
} from "./azurite_persistence.ts";
export type { WaitForSaveOptions } from "./azurite_persistence.ts";

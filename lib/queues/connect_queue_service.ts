/**
 * Connects to Azure Queue Storage from a connection string
 * (`AZURE_STORAGE_CONNECTION_STRING`, default: the local Azurite), keeping
 * secrets out of every message.
 *
 * @module
 */
import { QueueServiceClient } from "@azure/storage-queue";
import { azuriteConnectionString } from "../azurite/mod.ts";

/** The environment variable that points everything at another account. */
export const CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";

const KNOWN_KEYS = new Set([
  "DefaultEndpointsProtocol",
  "AccountName",
  "AccountKey",
  "EndpointSuffix",
  "QueueEndpoint",
  "BlobEndpoint",
  "TableEndpoint",
  "FileEndpoint",
  "SharedAccessSignature",
  "UseDevelopmentStorage",
  "DevelopmentStorageProxyUri",
]);

/** Options of {@linkcode connectQueueService}. */
export interface ConnectQueueServiceOptions {
  /**
   * The connection string. Default: `$AZURE_STORAGE_CONNECTION_STRING`,
   * else Azurite's development account on `127.0.0.1:10001`.
   */
  connectionString?: string;
  /** Time limit of one HTTP request. Default 30,000 ms. */
  requestTimeoutMs?: number;
}

/** A connected queue service. */
export interface QueueService {
  /** The SDK client (its own retries are off; callers retry). */
  client: QueueServiceClient;
  /** The endpoint, safe to print (no query string, no key). */
  endpoint: string;
  /** The storage account name. */
  accountName: string;
}

/**
 * The connection string in effect: the option, else the environment
 * variable, else the local Azurite's.
 *
 * @param connectionString An explicit connection string.
 * @returns The connection string to use.
 */
export function resolveConnectionString(connectionString?: string): string {
  return connectionString ?? Deno.env.get(CONNECTION_STRING_ENV) ??
    azuriteConnectionString();
}

/**
 * Removes secrets (`AccountKey=…`, `SharedAccessSignature=…`, `sig=…`) from
 * a text.
 *
 * @param text Any text that may contain a connection string or SAS URL.
 * @returns The text with secret values replaced by `***`.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(AccountKey=)[^;]*/gi, "$1***")
    .replace(/(SharedAccessSignature=)[^;]*/gi, "$1***")
    .replace(/([?&;]sig=)[^&;\s]*/gi, "$1***");
}

/**
 * Creates a client for the queue service of a connection string. Makes no
 * request.
 *
 * @param options Connection string and request timeout.
 * @returns The client and its printable endpoint.
 * @throws {TypeError} When the connection string cannot be parsed (the
 *   message names the keys it has, never their values).
 */
export function connectQueueService(
  options: ConnectQueueServiceOptions = {},
): QueueService {
  const { requestTimeoutMs = 30_000 } = options;
  const connectionString = resolveConnectionString(options.connectionString);
  let client: QueueServiceClient;
  try {
    client = QueueServiceClient.fromConnectionString(connectionString, {
      retryOptions: { maxTries: 1, tryTimeoutInMs: requestTimeoutMs },
    });
    new URL(client.url);
  } catch (error) {
    const parts = connectionString.split(";").filter((p) => p.trim() !== "");
    const keys = parts.map((part) => part.split("=")[0].trim())
      .filter((key) => KNOWN_KEYS.has(key));
    const unknown = parts.length - keys.length;
    const reason = keys.length === 0
      ? "expected Key=value pairs such as UseDevelopmentStorage=true or DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net"
      : redactSecrets(error instanceof Error ? error.message : String(error));
    throw new TypeError(
      `invalid Azure Storage connection string (keys: ${
        keys.join(", ") || "none"
      }${unknown ? `; ${unknown} unrecognised part(s)` : ""}): ${reason}`,
    );
  }
  const url = new URL(client.url);
  return {
    client,
    endpoint: `${url.origin}${url.pathname}`.replace(/\/$/, ""),
    accountName: client.accountName,
  };
}

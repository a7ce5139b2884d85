/**
 * Sending a MIME bundle to the Deno Jupyter kernel's front end, numbered and
 * logged so a headless run can tell when the kernel lost one.
 *
 * The kernel publishes outputs on a ZeroMQ PUB socket, which drops messages
 * when the reader falls behind, and nbclient stops collecting a cell's
 * outputs a few seconds after its reply. Either way an output can vanish
 * from an exported report without an error. So every display carries a
 * sequence number in its output metadata ({@linkcode DISPLAY_SEQ_KEY}) and,
 * when {@linkcode DISPLAY_LOG_ENV} names a file (the report runner sets it),
 * is first appended to that file as one JSON line; the runner puts back any
 * logged display missing from the cell's outputs.
 *
 * @module
 */
import type { MimeBundle } from "./chart_bundle.ts";

/** Environment variable naming the display log (JSON lines `{seq, data}`). */
export const DISPLAY_LOG_ENV = "WRAPPED_DISPLAY_LOG";
/** Output-metadata key holding a display's sequence number (1, 2, … per
 * kernel). */
export const DISPLAY_SEQ_KEY = "wrapped-streams/display-seq";

interface JupyterNamespace {
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void>;
}

const NOT_IN_KERNEL =
  "Deno.jupyter is not available: display functions run inside the Deno Jupyter kernel (pass options.display elsewhere)";

let lastSeq = 0;

function jupyterNamespace(): JupyterNamespace {
  let jupyter: JupyterNamespace | undefined;
  try {
    jupyter = (Deno as unknown as { jupyter?: JupyterNamespace }).jupyter;
  } catch (error) {
    throw new Error(NOT_IN_KERNEL, { cause: error });
  }
  if (!jupyter) throw new Error(NOT_IN_KERNEL);
  return jupyter;
}

/**
 * Displays a bundle in the running Deno kernel as a `display_data` output
 * numbered with {@linkcode DISPLAY_SEQ_KEY}, logging it first when
 * {@linkcode DISPLAY_LOG_ENV} is set.
 *
 * @param bundle MIME type to data.
 * @returns When the kernel has published the output.
 * @throws {Error} Outside the Deno kernel.
 */
export async function kernelDisplay(bundle: MimeBundle): Promise<void> {
  const jupyter = jupyterNamespace();
  const seq = ++lastSeq;
  const log = Deno.env.get(DISPLAY_LOG_ENV);
  if (log) {
    await Deno.writeTextFile(
      log,
      JSON.stringify({ seq, data: bundle }) + "\n",
      {
        append: true,
      },
    );
  }
  await jupyter.broadcast("display_data", {
    data: bundle,
    metadata: { [DISPLAY_SEQ_KEY]: seq },
    transient: {},
  });
}

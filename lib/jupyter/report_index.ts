/**
 * The `index.html` of a reports folder: a self-contained page linking each
 * notebook's report, with its status and run time.
 *
 * @module
 */
import { html, HtmlFragment } from "../notebook/mod.ts";

/** One report listed in the index. */
export interface ReportEntry {
  /** The notebook's title. */
  title: string;
  /** The notebook file name, e.g. `01_generate.ipynb`. */
  notebook: string;
  /** The report's file name relative to the index, e.g. `01_generate.html`. */
  htmlFile: string;
  /** Whether every cell ran without error. */
  ok: boolean;
  /** Execution time in seconds. */
  seconds: number;
  /** The error, when not ok. */
  error?: string;
  /** Displays lost in transit from the kernel and restored from its display
   * log (0 normally). */
  restoredOutputs?: number;
}

/**
 * A note for progress lines when outputs had to be restored, else "".
 *
 * @param entry A report entry.
 * @returns E.g. `" (2 outputs lost in transit restored from the display log)"`.
 */
export function restoredOutputsNote(entry: ReportEntry): string {
  const restored = entry.restoredOutputs ?? 0;
  if (restored === 0) return "";
  return ` (${restored} output${
    restored === 1 ? "" : "s"
  } lost in transit restored from the display log)`;
}

/** Options of {@linkcode reportIndexHtml}. */
export interface ReportIndexOptions {
  /** Page title. Default `"Wrapped Streams reports"`. */
  title?: string;
  /** When the reports were made (shown). Default: now. */
  generatedAt?: Date;
  /** Extra content under the list (e.g. the demo's summary), built with
   * `html`. Default none. */
  extra?: HtmlFragment;
  /** The command named as the reports' maker. Default
   * `"deno task report"`. */
  generatedBy?: string;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 900px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ddd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; } .failed { color: #b42318; }
.meta { color: #666; font-size: 90%; }
`;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Renders the index page. All text is escaped; the page loads nothing from
 * outside itself (inline style, a Content-Security-Policy forbidding
 * scripts and remote loads).
 *
 * @param entries The reports, in order.
 * @param options Title, timestamp, extra content.
 * @returns The HTML document.
 */
export function reportIndexHtml(
  entries: readonly ReportEntry[],
  options: ReportIndexOptions = {},
): string {
  const {
    title = "Wrapped Streams reports",
    generatedAt = new Date(),
    generatedBy = "deno task report",
  } = options;
  const rows = entries.map((entry) =>
    html`<tr>
  <td><a href="${entry.htmlFile}">${entry.title}</a></td>
  <td><code>${entry.notebook}</code></td>
  <td class="${entry.ok ? "ok" : "failed"}">${
      entry.ok ? "ok" : `failed: ${entry.error ?? "error"}`
    }</td>
  <td class="num">${entry.seconds.toFixed(1)} s</td>
</tr>`
  );
  const page = html`
    <!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="${CSP}">
        <meta name="viewport" content="width=device-width, initial-scale=1.0">
        <title>${title}</title>
        <style>${new HtmlFragment(STYLE)}</style>
      </head>
      <body>
    <h1>${title}</h1>
    <p class="meta">Generated ${generatedAt
      .toISOString()} by <code>${generatedBy}</code>. Each report is a notebook executed headless; it opens without a network.</p>
    <table>
    <thead><tr><th>report</th><th>notebook</th><th>status</th><th>run time</th></tr></thead>
    <tbody>
    ${rows}
    </tbody>
    </table>
    ${options.extra ?? ""}
      </body>
    </html>
  `;
  return page.html;
}

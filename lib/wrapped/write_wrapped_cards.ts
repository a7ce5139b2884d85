/**
 * Writes one self-contained HTML card per listener and an index page.
 *
 * @module
 */
import { renderSvg } from "../charts/mod.ts";
import { html, HtmlFragment } from "../notebook/mod.ts";
import { writeFileAtomically } from "../engine/mod.ts";
import { axisRanges, wrappedCardHtml } from "./wrapped_card_html.ts";
import type { WrappedResult } from "./wrapped_from_tables.ts";
import { listenerHistogramSpec } from "./wrapped_charts.ts";

/** The file name of a listener's card. */
export function cardFileName(userId: number): string {
  return `listener-${userId}.html`;
}

/**
 * Writes `index.html` and `listener-<user_id>.html` for every listener.
 * Every page is self-contained (inline CSS and SVG, no scripts or network).
 *
 * @param dir The directory (created when missing).
 * @param result Every listener's Wrapped and the thresholds used.
 * @returns The number of card files written.
 */
export async function writeWrappedCards(
  dir: string,
  result: WrappedResult,
): Promise<number> {
  Deno.mkdirSync(dir, { recursive: true });
  const { listeners, thresholds } = result;
  const ranges = axisRanges(listeners.map((l) => l.axis_scores), thresholds);
  for (const l of listeners) {
    writeFileAtomically(
      `${dir}/${cardFileName(l.user_id)}`,
      wrappedCardHtml(l, { ranges, indexHref: "index.html" }),
    );
  }
  const chart = listeners.length
    ? new HtmlFragment(
      await renderSvg(
        listenerHistogramSpec(
          listeners,
          "minutes_listened",
          "Minutes listened per listener",
        ),
      ),
    )
    : html`<p>No listener in this stream.</p>`;
  const rows = listeners.map((l) =>
    html`
      <tr>
        <td><a href="${cardFileName(l.user_id)}">${l.user_id}</a></td>
        <td>${l.inferred_personality}</td>
        <td>${l.personality}</td>
        <td>${Math.round(l.minutes_listened)}</td>
        <td>${l.streams}</td>
        <td>${l.top_artists[0]?.artist ?? ""}</td>
      </tr>
    `
  );
  const index = "<!DOCTYPE html>\n" + html`
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Wrapped: every listener</title>
        <style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}</style>
      </head>
      <body><h1>Wrapped: ${listeners.length} listeners</h1>${chart}
    <table><thead><tr><th>listener</th><th>inferred personality</th><th>assigned</th><th>minutes</th><th>streams</th><th>top artist</th></tr></thead>
    <tbody>${rows}</tbody></table></body>
    </html>
  `.html;
  writeFileAtomically(`${dir}/index.html`, index);
  return listeners.length;
}

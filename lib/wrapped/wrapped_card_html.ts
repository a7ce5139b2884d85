/**
 * One listener's Wrapped as a self-contained HTML page (inline CSS and
 * SVG, no scripts, no network), every text from the data escaped.
 *
 * @module
 */
import { html, HtmlFragment } from "../notebook/mod.ts";
import {
  AXES,
  type Axis,
  type AxisThresholds,
  HIGH_LETTER,
  LOW_LETTER,
} from "./infer_personality.ts";
import type { AxisScores, WrappedListener } from "./wrapped_listener.ts";

/** Where an axis' scores lie in the population. */
export interface AxisRange {
  /** Lowest score. */
  min: number;
  /** Highest score. */
  max: number;
  /** The inference's threshold. */
  threshold: number;
}

/** Options of {@linkcode wrappedCardHtml}. */
export interface WrappedCardHtmlOptions {
  /** Per axis, the population's range and threshold (draws the scores). */
  ranges: Readonly<Record<Axis, AxisRange>>;
  /** Link back to the index page. Default none. */
  indexHref?: string;
}

/**
 * The population's range of each axis with its threshold.
 *
 * @param scores Every listener's scores.
 * @param thresholds The inference's thresholds.
 * @returns One range per axis.
 */
export function axisRanges(
  scores: readonly AxisScores[],
  thresholds: AxisThresholds,
): Record<Axis, AxisRange> {
  const out = {} as Record<Axis, AxisRange>;
  for (const axis of AXES) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s[axis]);
      max = Math.max(max, s[axis]);
    }
    out[axis] = { min, max, threshold: thresholds[axis] };
  }
  return out;
}

const PAGE_CSS = new HtmlFragment(
  "body{font-family:system-ui,sans-serif;background:#14141f;margin:0;padding:24px}",
);

const CARD_CSS = new HtmlFragment(`
.wrapped-card .card{font-family:system-ui,sans-serif;color:#f4f4f8;max-width:760px;margin:8px auto;background:linear-gradient(135deg,#3b1f6e,#1d6e5b);border-radius:18px;padding:24px 28px}
.wrapped-card h1{margin:0 0 4px;font-size:30px;color:#f4f4f8}
.wrapped-card h2{font-size:17px;margin:18px 0 6px;color:#c9f7e4}
.wrapped-card .big{font-size:26px;font-weight:700}
.wrapped-card .muted{color:#c8c8d8;font-size:13px}
.wrapped-card .grid{display:grid;grid-template-columns:1fr 1fr;gap:4px 24px}
.wrapped-card ol{margin:0;padding-left:22px}
.wrapped-card li{margin:2px 0}
.wrapped-card a{color:#9fe8ff}
`);

function axisBars(
  l: WrappedListener,
  ranges: WrappedCardHtmlOptions["ranges"],
) {
  const width = 320;
  const left = 112; // axis name, then the low letter, then the bar
  const rows = AXES.map((axis, i) => {
    const { min, max, threshold } = ranges[axis];
    const span = max > min ? max - min : 1;
    const x = (v: number) =>
      left + Math.max(0, Math.min(1, (v - min) / span)) * width;
    const y = 14 + i * 30;
    const score = l.axis_scores[axis];
    return html`
      <text x="0" y="${y + 4}" fill="#f4f4f8" font-size="12">${axis}</text>
      <text x="${left - 16}" y="${y +
        4}" fill="#c8c8d8"
        font-size="12">${LOW_LETTER[axis]}</text>
      <line x1="${left}" x2="${left + width}" y1="${y}" y2="${y}"
        stroke="#ffffff55" stroke-width="6" stroke-linecap="round" />
      <line x1="${x(threshold)}" x2="${x(threshold)}" y1="${y - 8}" y2="${y +
        8}"
        stroke="#ffd166" stroke-width="2" />
      <circle cx="${x(score)}" cy="${y}" r="7" fill="#06d6a0">
        <title>${axis} ${score}</title>
      </circle>
      <text x="${left + width + 12}" y="${y + 4}" fill="#c8c8d8"
        font-size="12">${HIGH_LETTER[axis]} (${score.toFixed(
          axis === "commonality" ? 1 : 3,
        )})</text>
    `;
  });
  return html`
    <svg xmlns="http://www.w3.org/2000/svg" width="${left + width +
      90}" height="${AXES.length * 30 + 8}"
      role="img" aria-label="axis scores">${rows}</svg>
  `;
}

function topList<T>(items: readonly T[], line: (item: T) => HtmlFragment) {
  return items.length === 0
    ? html`<p class="muted">none</p>`
    : html`<ol>${items.map((item) => html`<li>${line(item)}</li>`)}</ol>`;
}

function cardBody(l: WrappedListener, options: WrappedCardHtmlOptions) {
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const fan = l.top_artist_fan_percent !== null && l.top_artists[0]
    ? html`<p>Top <b>${
      l.top_artist_fan_percent.toFixed(1)
    }%</b> of listeners of ${l.top_artists[0].artist}</p>`
    : html``;
  const age = l.listening_age
    ? html`<p>Listening age <b>${l.listening_age.age}</b>: you over-index ${
      l.listening_age.over_index.toFixed(2)
    }× on music from ${l.listening_age.era_start}–${l.listening_age.era_end}</p>`
    : html``;
  return html`<div class="card">
<p class="muted">Wrapped · listener ${l.user_id}${
    options.indexHref
      ? html`
        · <a href="${options.indexHref}">all listeners</a>
      `
      : html``
  }</p>
<h1>${l.inferred_personality}</h1>
<p class="muted">inferred from behaviour · assigned: ${l.personality}</p>
${axisBars(l, options.ranges)}
<div class="grid">
<div><h2>Minutes listened</h2><div class="big">${
    fmt(l.minutes_listened)
  }</div><p class="muted">${fmt(l.streams)} streams · ${
    fmt(l.distinct_songs)
  } songs · ${fmt(l.distinct_artists)} artists</p></div>
<div><h2>Habits</h2><p>Busiest day ${l.busiest_day}<br>Mostly in the ${l.top_time_of_day}<br>Longest streak ${l.longest_streak_days} days</p></div>
<div><h2>Top songs</h2>${
    topList(l.top_songs, (s) =>
      html`${s.song_name} <span class="muted">${s.artist} · ${s.streams}</span>`)
  }</div>
<div><h2>Top artists</h2>${
    topList(l.top_artists, (a) =>
      html`${a.artist} <span class="muted">${a.streams}</span>`)
  }${fan}</div>
<div><h2>Top genres</h2>${
    topList(l.top_genres, (g) =>
      html`${g.genre} <span class="muted">${g.streams}</span>`)
  }</div>
<div><h2>Discoveries</h2>${
    topList(l.discoveries, (d) =>
      html`${d.artist} <span class="muted">since ${d.first_streamed} · ${d.streams}</span>`)
  }</div>
</div>
<h2>Music evolution</h2>${
    topList(l.music_evolution, (p) =>
      html`
        ${p.from} – ${p.to}: <b>${p.top_genre}</b> <span
          class="muted">${p.streams} streams</span>
      `)
  }
${age}
</div>`;
}

/**
 * A listener's card as a whole HTML document.
 *
 * @param l The listener's Wrapped.
 * @param options The population's axis ranges, a link to the index.
 * @returns The HTML text.
 */
export function wrappedCardHtml(
  l: WrappedListener,
  options: WrappedCardHtmlOptions,
): string {
  return "<!DOCTYPE html>\n" + html`
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Wrapped of listener ${l.user_id}</title>
        <style>${PAGE_CSS}${CARD_CSS}</style>
      </head>
      <body>
        <div class="wrapped-card">${cardBody(l, options)}</div>
      </body>
    </html>
  `.html;
}

/**
 * A listener's card as an HTML fragment (for notebooks and the index).
 *
 * @param l The listener's Wrapped.
 * @param options The population's axis ranges.
 * @returns The fragment, with its own `<style>`.
 */
export function wrappedCardFragment(
  l: WrappedListener,
  options: WrappedCardHtmlOptions,
): HtmlFragment {
  return html`<div class="wrapped-card"><style>${CARD_CSS}</style>${
    cardBody(l, options)
  }</div>`;
}

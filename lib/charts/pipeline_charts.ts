/**
 * Charts of the pipeline's moving parts (notebooks 02–04): messages per
 * partition, consumer lag, the engine's micro-batches, windows over time,
 * and listening time per personality queue.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { WindowSpec } from "../engine/mod.ts";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import { chart, type ChartOptions } from "./_common.ts";

const PERSONALITY_AXIS = {
  field: "personality",
  type: "nominal",
  sort: [...PERSONALITY_NAMES],
  title: null,
};

/**
 * Messages per partition, one bar per personality.
 *
 * @param rows `{ personality, messages }` rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function partitionsChart(
  rows: readonly { personality: string; messages: number }[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ?? "Messages per partition (= personality)";
  return chart(rows, title, {
    width: options.width ?? 500,
    height: 320,
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: PERSONALITY_AXIS,
      x: { field: "messages", type: "quantitative" },
    },
  });
}

/**
 * Lag per partition before and after consuming, side by side.
 *
 * @param rows `{ personality, when: "before" | "after", lag }` rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function lagChart(
  rows: readonly { personality: string; when: string; lag: number }[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ??
    "Lag per partition, before and after consuming";
  const when = ["before", "after"];
  return chart(rows, title, {
    width: options.width ?? 500,
    height: 320,
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: PERSONALITY_AXIS,
      yOffset: { field: "when", sort: when },
      x: { field: "lag", type: "quantitative" },
      color: { field: "when", type: "nominal", sort: when, title: null },
    },
  });
}

/**
 * Rows per second and rows of state, per micro-batch.
 *
 * @param rows `{ batch, "rows/s", "state rows" }` rows.
 * @param options Title.
 * @returns A vega-lite spec.
 */
export function engineProgressChart(
  rows: readonly object[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ??
    "Rows per second and state size per micro-batch";
  const panel = (field: string, mark: object) => ({
    width: 280,
    height: 160,
    mark: { ...mark, tooltip: true },
    encoding: {
      x: { field: "batch", type: "ordinal" },
      y: { field, type: "quantitative" },
    },
  });
  return chart(rows, title, {
    hconcat: [
      panel("rows/s", { type: "bar" }),
      panel("state rows", { type: "line", point: true }),
    ],
  });
}

function lanes(dayStart: number, tumbling: WindowSpec, sliding: WindowSpec) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const dayMs = 86_400_000;
  const rows = [];
  for (let i = 0; i * tumbling.slideMs < dayMs; i++) {
    const start = dayStart + i * tumbling.slideMs;
    rows.push({
      lane: "tumbling",
      start: iso(start),
      end: iso(start + tumbling.sizeMs),
      shade: i % 2,
    });
  }
  for (let i = 0; i * sliding.slideMs + sliding.sizeMs <= dayMs; i++) {
    const start = dayStart + i * sliding.slideMs;
    const onTheHour = i % 2 === 0;
    rows.push({
      lane: onTheHour ? "sliding (on the hour)" : "sliding (half past)",
      start: iso(start),
      end: iso(start + sliding.sizeMs),
      shade: Math.floor(i / 2) % 2,
    });
  }
  return rows;
}

/** Options of {@linkcode windowsOverTimeChart}. */
export interface WindowsOverTimeChartOptions extends ChartOptions {
  /** The tumbling windows drawn. */
  tumbling: WindowSpec;
  /** The sliding windows drawn. */
  sliding: WindowSpec;
}

/**
 * One UTC day: plays per 10 minutes above, the tumbling and sliding
 * windows that tile it below.
 *
 * @param playTimes Event times (epoch ms) of the plays; those of the UTC day
 *   of the earliest one are drawn.
 * @param options The two window specs, title and width.
 * @returns A vega-lite spec.
 */
export function windowsOverTimeChart(
  playTimes: readonly number[],
  options: WindowsOverTimeChartOptions,
): TopLevelSpec {
  const first = Math.min(...playTimes);
  const dayStart = first - (first % 86_400_000);
  const plays = playTimes.filter((t) => t < dayStart + 86_400_000)
    .map((t) => ({ time: new Date(t).toISOString() }));
  const width = options.width ?? 700;
  const day = new Date(dayStart).toISOString().slice(0, 10);
  return chart([], options.title ?? `Windows on ${day} (UTC)`, {
    vconcat: [{
      width,
      height: 120,
      data: { values: plays },
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: {
          timeUnit: { utc: true, unit: "yearmonthdatehoursminutes", step: 10 },
          field: "time",
          type: "temporal",
          title: null,
        },
        y: {
          aggregate: "count",
          type: "quantitative",
          title: "plays / 10 min",
        },
      },
    }, {
      width,
      height: 90,
      data: { values: lanes(dayStart, options.tumbling, options.sliding) },
      mark: { type: "rect", stroke: "white", strokeWidth: 1, tooltip: true },
      encoding: {
        x: { field: "start", type: "temporal", title: "time (UTC)" },
        x2: { field: "end" },
        y: {
          field: "lane",
          type: "nominal",
          title: null,
          sort: ["tumbling", "sliding (on the hour)", "sliding (half past)"],
        },
        color: {
          field: "shade",
          type: "nominal",
          legend: null,
          scale: { range: ["#4c78a8", "#9ecae9"] },
        },
      },
    }],
  });
}

/**
 * Minutes listened per personality, coloured by the mean per event.
 *
 * @param rows `{ personality, "listened (min)", "avg listened (s)" }` rows.
 * @param options Title and width.
 * @returns A vega-lite spec.
 */
export function queueListeningChart(
  rows: readonly object[],
  options: ChartOptions = {},
): TopLevelSpec {
  const title = options.title ??
    "Listening time per personality (from its queue)";
  return chart(rows, title, {
    width: options.width ?? 500,
    height: 320,
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "personality", type: "nominal", sort: "-x", title: null },
      x: {
        field: "listened (min)",
        type: "quantitative",
        title: "minutes listened",
      },
      color: {
        field: "avg listened (s)",
        type: "quantitative",
        title: "avg s per event",
      },
    },
  });
}

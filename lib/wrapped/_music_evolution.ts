/**
 * Music evolution: up to three phases of a listener's period, each with
 * its top genre (as Wrapped 2024).
 *
 * @module
 */
import type { EvolutionPhase } from "./wrapped_listener.ts";

/** Streams of one genre in one month (month index = year × 12 + month − 1). */
export interface MonthGenre {
  /** `year × 12 + (month − 1)`. */
  monthIndex: number;
  /** Genre. */
  genre: string;
  /** Streams. */
  streams: number;
}

/** Most phases. */
export const MAX_PHASES = 3;

function monthName(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${
    String(index % 12 + 1).padStart(2, "0")
  }`;
}

/**
 * Splits the months from the listener's first to last month with a stream
 * into `k = min(3, months)` consecutive parts of (nearly) equal length,
 * takes each part's genre with most streams (ties: genre ascending), and
 * merges neighbouring parts with the same top genre.
 *
 * @param rows The listener's streams per (month, genre).
 * @returns The phases in time order; empty without streams.
 */
export function musicEvolution(
  rows: readonly MonthGenre[],
): EvolutionPhase[] {
  const active = rows.filter((r) => r.streams > 0);
  if (active.length === 0) return [];
  const first = Math.min(...active.map((r) => r.monthIndex));
  const last = Math.max(...active.map((r) => r.monthIndex));
  const months = last - first + 1;
  const k = Math.min(MAX_PHASES, months);
  const bound = (p: number) => first + Math.ceil((p * months) / k);
  const parts = Array.from({ length: k }, () => new Map<string, number>());
  for (const r of active) {
    const part = Math.floor(((r.monthIndex - first) * k) / months);
    parts[part].set(r.genre, (parts[part].get(r.genre) ?? 0) + r.streams);
  }
  const phases: EvolutionPhase[] = [];
  parts.forEach((genres, p) => {
    let top = "";
    let topStreams = -1;
    let streams = 0;
    for (const [genre, n] of genres) {
      streams += n;
      if (n > topStreams || (n === topStreams && genre < top)) {
        top = genre;
        topStreams = n;
      }
    }
    const phase = {
      from: monthName(bound(p)),
      to: monthName(bound(p + 1) - 1),
      top_genre: top,
      streams,
    };
    const previous = phases[phases.length - 1];
    if (streams === 0) {
      if (previous) previous.to = phase.to;
    } else if (previous && previous.top_genre === top) {
      previous.to = phase.to;
      previous.streams += streams;
    } else {
      phases.push(phase);
    }
  });
  return phases;
}

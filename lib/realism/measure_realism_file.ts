/**
 * Measures the realism properties of an Avro listening-history file.
 *
 * @module
 */
import { readAvroFile } from "../avro/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import {
  type RealismMeasurements,
  RealismMeasures,
} from "./realism_measures.ts";
import { REALISM_PROPERTIES } from "./realism_properties.ts";

/** Options of {@linkcode measureRealismFile}. */
export interface MeasureRealismOptions {
  /** The catalogue's recent-quarter year (default: from the songs played). */
  recentYear?: number;
  /** Called after each block with the bytes and records read so far. */
  onProgress?: (bytes: number, records: number) => void;
}

/** One row of the realism table. */
export interface RealismRow {
  id: string;
  property: string;
  measured: string;
  value: number;
  published: string;
  source: string;
  band: string;
  within: boolean;
  /**
   * Where the value lies in the band: 0 at its low edge, 1 at its high
   * edge (absent for a non-numeric band).
   */
  position?: number;
}

/** What {@linkcode measureRealismFile} returns. */
export interface RealismReport {
  /** The file. */
  path: string;
  /** Every measurement. */
  measurements: RealismMeasurements;
  /** One row per property of {@linkcode REALISM_PROPERTIES}. */
  rows: RealismRow[];
}

/**
 * The realism table of measurements: each property beside its published
 * figure, source and band.
 *
 * @param m Measurements.
 * @returns One row per property.
 */
export function realismRows(m: RealismMeasurements): RealismRow[] {
  return REALISM_PROPERTIES.map((p) => ({
    id: p.id,
    property: p.property,
    measured: p.show(m),
    value: p.value(m),
    published: p.published,
    source: p.source,
    band: p.band,
    within: p.within(m),
    position: p.low === undefined || p.high === undefined
      ? undefined
      : (p.value(m) - p.low) / (p.high - p.low),
  }));
}

/**
 * Reads a listening-history file once and measures every property.
 *
 * @param path An Avro Object Container File of listening records.
 * @param options Recent-quarter year and progress.
 * @returns The measurements and the table.
 * @throws {Error} When the file cannot be read or decoded.
 * @throws {RangeError} When the file has no records.
 */
export async function measureRealismFile(
  path: string,
  options: MeasureRealismOptions = {},
): Promise<RealismReport> {
  const measures = new RealismMeasures();
  let records = 0;
  for await (const block of readAvroFile<ListeningRecord>(path).blocks()) {
    for (const record of block.records) measures.add(record);
    records += block.records.length;
    options.onProgress?.(block.nextByteOffset, records);
  }
  if (records === 0) {
    throw new RangeError(`${path} has no listening records to measure`);
  }
  const measurements = measures.result({ recentYear: options.recentYear });
  return { path, measurements, rows: realismRows(measurements) };
}

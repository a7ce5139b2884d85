/**
 * The listening-history generator (Milestone 1): users with one of 16
 * personalities and a real location, sessions on a diurnal curve in local
 * time, personality-driven song choice, interactions with consistent end
 * times, merged in time order across users.
 *
 * @example Generate a small file
 * ```ts
 * import { generateToFile } from "./mod.ts";
 * const summary = await generateToFile("data/small.avro", { users: 10 });
 * ```
 *
 * @module
 */
export {
  estimateEventCount,
  generateListeningHistory,
  generateToArray,
  generateToFile,
  listeningHistory,
} from "./listening_history.ts";
export type {
  GenerateSummary,
  GenerateToFileOptions,
  ListeningHistoryOptions,
} from "./listening_history.ts";
export {
  GENERATOR_DEFAULTS,
  resolveGeneratorOptions,
} from "./generator_options.ts";
export type {
  GeneratorOptions,
  ResolvedGeneratorOptions,
} from "./generator_options.ts";
export {
  DEFAULT_INTERACTION_WEIGHTS,
  INTERACTIONS,
  parseInteractionWeights,
  resolveInteractionWeights,
} from "./interactions.ts";
export type { Interaction, InteractionWeights } from "./interactions.ts";
export {
  sessionStartHour,
  WEEKDAY_HOUR_WEIGHTS,
  WEEKEND_HOUR_WEIGHTS,
} from "./diurnal_curve.ts";
export { SeededRandom } from "./seeded_random.ts";
export { LISTENING_MODEL } from "./listening_model.ts";
export {
  medianSplitAgreement,
  personalityMetrics,
  PersonalityMetricsAccumulator,
} from "./personality_metrics.ts";
export type {
  MedianSplitAgreement,
  PersonalityMetricsOptions,
  UserPersonalityMetrics,
} from "./personality_metrics.ts";
export {
  addGeneratorOptions,
  generatorOptionsFromFlags,
  parseDuration,
  parseSessionHours,
  parseStartDate,
} from "./generator_flags.ts";
export type { GeneratorFlags } from "./generator_flags.ts";

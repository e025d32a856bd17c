/** The analysis catalogue: every analysis the CLI and the UI offer, in the order they list them. */
import type { AnalysisDef } from './types.js';
import { threadLength } from './threadLength.js';

export const ANALYSES: AnalysisDef[] = [threadLength];

export function findAnalysis(id: string): AnalysisDef | undefined {
  return ANALYSES.find((a) => a.id === id);
}

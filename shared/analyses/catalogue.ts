/** The analysis catalogue: every analysis the CLI and the UI offer, in the order they list them. */
import type { AnalysisDef } from './types.js';
import { threadLength } from './threadLength.js';
import { coLocation } from './coLocation.js';
import { salesEffectiveness } from './salesEffectiveness.js';
import { personMetrics } from './personMetrics.js';
import { meetingTypes } from './meetingTypes.js';
import { workingPattern } from './workingPattern.js';
import { groupNetwork } from './groupNetwork.js';
import { dataQuality } from './dataQuality.js';

export const ANALYSES: AnalysisDef[] = [threadLength, coLocation, salesEffectiveness, personMetrics, meetingTypes, workingPattern, groupNetwork, dataQuality];

export function findAnalysis(id: string): AnalysisDef | undefined {
  return ANALYSES.find((a) => a.id === id);
}

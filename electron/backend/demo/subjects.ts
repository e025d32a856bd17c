/**
 * Short, realistic subject lines. A few hold a comma or a double quote so that CSV quoting is
 * exercised by every reader of the demo export.
 */
import { csvField } from '../../../shared/format/csvField.js';
import type { FunctionName } from './organisation.js';
import type { Random } from './prng.js';

const COMMON = [
  'Quick question',
  'Follow-up from today',
  'Notes from our call',
  'Agenda for next week',
  'Q1 planning',
  'Status update',
  'Draft for review',
  'Action items, owners and dates',
  'Re-org FAQ',
  'Offsite logistics',
  'Budget check-in',
  'Updated "team norms" doc',
  'Hiring plan, open roles',
];

const BY_FUNCTION: Record<FunctionName, readonly string[]> = {
  Sales: ['Pipeline review', 'Proposal for Contoso', 'Renewal terms, Fabrikam', 'Forecast call prep', 'Pricing approval', 'Deal desk: "Northwind" discount'],
  'Customer Service': ['Escalation: case 4471', 'Customer feedback summary', 'SLA report', 'Onboarding checklist, Tailspin', 'Support rota'],
  Engineering: ['Design review', 'Incident postmortem', 'Sprint planning', 'Build is red', 'API versioning, next steps', 'Code freeze for "Atlas" release'],
  Marketing: ['Campaign brief', 'Launch plan', 'Webinar speakers', 'Brand refresh, round 2', 'Event budget', 'Copy for "Spring Launch" email'],
  Finance: ['Month-end close', 'Forecast variance', 'Expense policy, update', 'Audit request', 'Q1 accruals'],
  HR: ['Performance cycle', 'Benefits enrolment', 'Interview loop', 'Policy update, hybrid work', 'Onboarding new hires'],
  Operations: ['Vendor contract', 'Facilities update', 'Process change, approvals', 'Weekly ops review', 'Procurement request'],
  Research: ['Paper draft', 'Experiment results', 'Reading group', 'Dataset access, request', 'Model evaluation notes'],
};

/** A CSV-encoded subject line for a thread or meeting started by someone in `fn`. */
export function pickSubject(rng: Random, fn: FunctionName | undefined): string {
  const pool = fn && rng.chance(0.65) ? BY_FUNCTION[fn] : COMMON;
  return csvField(rng.pick(pool));
}

/** The same subject as a reply ('RE: …'), CSV-encoded. */
export function replySubject(encodedSubject: string): string {
  return encodedSubject.startsWith('"') ? `"RE: ${encodedSubject.slice(1)}` : `RE: ${encodedSubject}`;
}

/** Pre-encode every subject once so the hot loop only concatenates. */
export const MEETING_SUBJECTS = {
  teamSync: (organization: string): string => csvField(`${organization} weekly sync`),
  oneOnOne: csvField('1:1'),
};

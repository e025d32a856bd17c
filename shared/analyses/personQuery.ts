/**
 * The person-week metrics in the column names of a Viva Insights / Workplace Analytics "person
 * query", as the wpa and vivainsights packages read it: PersonId, MetricDate, the standard metric
 * names, then the HR attributes. It is row-level data (one row per person and week): it goes to a
 * file named `…-row-level.<ext>`, never into an analysis result. docs/person-query.md lists the
 * mapping and where each metric differs from Viva Insights' own.
 */
import { ATTRIBUTES } from './sqlParams.js';
import { FULL_CONTEXT, type BuildContext } from './inputs.js';
import { findMetric, personWeekMetricsSql } from './personWeekMetrics.js';
import { ident } from '../sql/quote.js';
import type { ParamValues } from './types.js';

/** [person-query column, person-week metric]. */
export const PERSON_QUERY_METRICS: readonly (readonly [string, string])[] = [
  ['Collaboration_hours', 'collaboration_hours'],
  ['Email_hours', 'email_hours'],
  ['Emails_sent', 'emails_sent'],
  ['Meeting_hours', 'meeting_hours'],
  ['Meetings', 'meetings'],
  ['Call_hours', 'call_hours'],
  ['Instant_Message_hours', 'im_hours'],
  ['Instant_messages_sent', 'ims_sent'],
  ['After_hours_collaboration_hours', 'after_hours_hours'],
  ['After_hours_email_hours', 'after_hours_email_hours'],
  ['After_hours_meeting_hours', 'after_hours_meeting_hours'],
  ['Conflicting_meeting_hours', 'conflicting_meeting_hours'],
  ['Multitasking_meeting_hours', 'multitasking_meeting_hours'],
  ['Redundant_meeting_hours__organizational_', 'redundant_meeting_hours'],
  ['Low_quality_meeting_hours', 'low_quality_meeting_hours'],
  ['Meetings_with_manager', 'meetings_with_manager'],
  ['Meeting_hours_with_manager', 'meeting_hours_with_manager'],
  ['Meetings_with_manager_1_on_1', 'meetings_with_manager_1on1'],
  ['Meeting_hours_with_manager_1_on_1', 'manager_1on1_hours'],
  ['Meetings_with_skip_level', 'meetings_with_skip_level'],
  ['Meeting_hours_with_skip_level', 'meeting_hours_with_skip_level'],
  ['Generated_workload_email_hours', 'generated_workload_email_hours'],
  ['Generated_workload_email_recipients', 'generated_workload_email_recipients'],
  ['Generated_workload_meeting_hours', 'generated_workload_meeting_hours'],
  ['Generated_workload_meeting_attendees', 'generated_workload_meeting_attendees'],
  ['Generated_workload_meetings_organized', 'meetings_organized'],
  ['Workweek_span', 'workweek_span'],
  ['Uninterrupted_hours', 'uninterrupted_hours'],
  ['Total_focus_hours', 'focus_hours'],
  ['Internal_network_size', 'internal_network_size'],
  ['External_network_size', 'external_network_size'],
  ['Networking_outside_organization', 'networking_outside_organization'],
  ['Networking_outside_company', 'networking_outside_company'],
];

/** PersonHistorical columns that are not HR attributes in a person query (PersonId stands for EmailAddress). */
export const NOT_ATTRIBUTES: readonly string[] = ['PersonHistoricalId', 'EmailAddress', 'StartDate', 'EndDate', 'ManagerId', 'ExternalCollaboratorId'];

/**
 * One row per measured employee and week: PersonId (the masked PersonHistorical.EmailAddress),
 * MetricDate (the week's Monday, YYYY-MM-DD), the metrics, and the HR attributes of the version
 * valid that week (`attributes`: the PersonAttributes columns, PersonHistorical plus joined files').
 */
export function personQuerySql(params: ParamValues, attributes: readonly string[], ctx: BuildContext = FULL_CONTEXT): string {
  const hr = attributes.filter((c) => !NOT_ATTRIBUTES.some((n) => n.toLowerCase() === c.toLowerCase()));
  const metrics = PERSON_QUERY_METRICS.map(([, m]) => findMetric(m));
  return `SELECT a.EmailAddress AS PersonId, strftime(m.week, '%Y-%m-%d') AS MetricDate,
  ${PERSON_QUERY_METRICS.map(([col, m]) => `round(m.${m}, 6) AS ${ident(col)}`).join(', ')},
  ${hr.map((c) => `a.${ident(c)}`).join(', ') || "'' AS no_hr_attributes"}
FROM (${personWeekMetricsSql(params, metrics, ctx, { grain: 'week' })}) m
JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = m.PersonHistoricalId
ORDER BY PersonId, MetricDate`;
}

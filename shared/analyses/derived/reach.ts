/**
 * Networking outside the organization and outside the company, per measured employee and week:
 * over the same ties as network size (≥ 2 meaningful interactions in the trailing 4 weeks, see
 * pairs.ts), the distinct PersonHistorical.Organization values of internal counterparts other than
 * the person's own (their version valid that week), and the distinct domains of external
 * counterparts' PersonHistorical.ExternalCollaboratorId (exported only when the tenant includes
 * external ids; otherwise 0 and the metric says so).
 */
import { derived } from './names.js';
import type { DerivedTable } from './types.js';

export const networkReach: DerivedTable = {
  name: 'network_reach',
  description: 'Measured employees × week: distinct other organizations and distinct external domains among the trailing-4-week network.',
  dependsOn: ['tie_week', 'person_version', 'person_week'],
  sources: ['PersonHistorical'],
  // A counterpart's version for the week is looked up once per (week, counterpart), not once per
  // tie. Organizations and domains are counted as numbers (equal text, equal number): the ties
  // carry integers, not text, into the distinct counts.
  sql: (src) => `WITH ph AS (
  SELECT PersonHistoricalId,
    CASE WHEN Organization IS NOT NULL THEN dense_rank() OVER (ORDER BY Organization) END AS org,
    CASE WHEN domain IS NOT NULL THEN dense_rank() OVER (ORDER BY domain) END AS domain
  FROM (SELECT PersonHistoricalId, Organization, lower(nullif(split_part(ExternalCollaboratorId, '@', 2), '')) AS domain FROM ${src('PersonHistorical')})
),
ends AS (
  SELECT week, a AS pid, b AS other FROM ${derived('tie_week')} UNION ALL SELECT week, b, a FROM ${derived('tie_week')}
),
focal AS (
  SELECT e.week, e.pid, e.other, own.org AS own_org
  FROM ends e
  JOIN ${derived('person_week')} m ON m.pid = e.pid AND m.week = e.week
  JOIN ph own ON own.PersonHistoricalId = m.PersonHistoricalId
),
counterpart AS (
  SELECT c.week, c.other,
    arg_max({'org': ph.org, 'external': v.is_external, 'domain': ph.domain}, v.valid_from) AS o
  FROM (SELECT DISTINCT week, other FROM focal) c
  JOIN ${derived('person_version')} v ON v.pid = c.other AND v.valid_from < c.week + INTERVAL 7 DAY AND v.valid_to > c.week
  JOIN ph ON ph.PersonHistoricalId = v.PersonHistoricalId
  GROUP BY c.week, c.other
)
SELECT f.week, f.pid,
  CAST(count(DISTINCT c.o.org) FILTER (WHERE NOT c.o.external AND c.o.org IS DISTINCT FROM f.own_org) AS INTEGER) AS outside_organization,
  CAST(count(DISTINCT c.o.domain) FILTER (WHERE c.o.external) AS INTEGER) AS outside_company
FROM focal f JOIN counterpart c ON c.week = f.week AND c.other = f.other
GROUP BY f.week, f.pid`,
};

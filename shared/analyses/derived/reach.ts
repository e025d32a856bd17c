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
  dependsOn: ['pair_week', 'weeks', 'person_version', 'person_week'],
  sources: ['PersonHistorical'],
  sql: (src) => `WITH candidates AS (
  SELECT a, b FROM ${derived('pair_week')} GROUP BY a, b HAVING sum(meaningful) + floor(sum(ims) / 3) >= 2
),
pw AS (
  SELECT p.week, p.a, p.b, p.meaningful, p.ims FROM ${derived('pair_week')} p JOIN candidates c ON c.a = p.a AND c.b = p.b
),
ties AS (
  SELECT w.week, pw.a, pw.b
  FROM pw JOIN ${derived('weeks')} w ON w.week >= pw.week AND w.week <= pw.week + INTERVAL 21 DAY
  GROUP BY w.week, pw.a, pw.b
  HAVING sum(pw.meaningful) + floor(sum(pw.ims) / 3) >= 2
),
ends AS (
  SELECT t.week, t.a AS pid, t.b AS other FROM ties t UNION ALL SELECT t.week, t.b, t.a FROM ties t
),
focal AS (
  SELECT e.week, e.pid, e.other, own.Organization AS own_org
  FROM ends e
  JOIN ${derived('person_week')} m ON m.pid = e.pid AND m.week = e.week
  JOIN ${src('PersonHistorical')} own ON own.PersonHistoricalId = m.PersonHistoricalId
),
other AS (
  SELECT f.week, f.pid, f.own_org,
    arg_max({'org': ph.Organization, 'external': v.is_external, 'domain': lower(nullif(split_part(ph.ExternalCollaboratorId, '@', 2), ''))}, v.valid_from) AS o
  FROM focal f
  JOIN ${derived('person_version')} v ON v.pid = f.other AND v.valid_from < f.week + INTERVAL 7 DAY AND v.valid_to > f.week
  JOIN ${src('PersonHistorical')} ph ON ph.PersonHistoricalId = v.PersonHistoricalId
  GROUP BY f.week, f.pid, f.other, f.own_org
)
SELECT week, pid,
  CAST(count(DISTINCT o.org) FILTER (WHERE NOT o.external AND o.org IS DISTINCT FROM own_org) AS INTEGER) AS outside_organization,
  CAST(count(DISTINCT o.domain) FILTER (WHERE o.external) AS INTEGER) AS outside_company
FROM other
GROUP BY week, pid`,
};

/**
 * Group-to-group network (ONA): how much do groups collaborate with each other, which groups are
 * central, which form communities, which are silos?
 *
 * Two guarded outputs: nodes (each group's internal and external collaboration, E-I index) and
 * directed group → group edges. The backend then hides weak edges and adds degree, betweenness,
 * PageRank and Louvain communities over these group-level rows.
 */
import { derived } from './derived/names.js';
import { classifiedPairsCtes, PAIR_ANALYSIS_INPUTS, PAIR_DEFINITION, PAIR_TIME_INPUTS, PAIR_WEIGHTING_PARAM } from './pairSql.js';
import { ATTRIBUTES, byParam, PERIOD_PARAMS, periodCondition, exactSum, r3 } from './sqlParams.js';
import type { AnalysisDef, ParamValues, ResultColumnSpec } from './types.js';
import { ident } from '../sql/quote.js';
import { BLANK_VALUES_PARAM, groupValueSql } from './groupValue.js';

const NODE_COLUMNS: ResultColumnSpec[] = [
  { name: 'grp', label: 'Group', role: 'group' },
  { name: 'people', label: 'People with ties', role: 'people' },
  { name: 'group_size', label: 'Group size', role: 'people' },
  { name: 'internal_hours', label: 'Collaboration inside the group', unit: 'hours / week', role: 'metric', exactness: 'approximate', definition: "Σ over members of their pair time with members of the same group.", inputs: PAIR_TIME_INPUTS },
  { name: 'external_hours', label: 'Collaboration with other groups', unit: 'hours / week', role: 'metric', exactness: 'approximate' },
  { name: 'total_hours', label: 'Collaboration with measured colleagues', unit: 'hours / week', role: 'metric', exactness: 'approximate' },
  { name: 'hours_per_person', label: 'Collaboration per person', unit: 'hours / week', role: 'metric', exactness: 'approximate' },
  { name: 'ei_index', label: 'E-I index', role: 'metric', exactness: 'approximate', definition: '(external − internal) / (external + internal) hours; ≤ −0.67 is a silo risk.' },
  { name: 'silo_risk', label: 'Silo risk', role: 'metric', definition: 'E-I index ≤ −0.67.' },
  { name: 'linked_groups', label: 'Groups collaborated with', unit: 'groups', role: 'metric', definition: 'Other shown groups this one has any pair time with (drawn or not).' },
  { name: 'degree', label: 'Degree (drawn edges)', unit: 'groups', role: 'metric', definition: 'Groups linked to this one by an edge drawn in the chart (the edge rule: strongest edges, each group\'s strongest, threshold).' },
  { name: 'weighted_degree', label: 'Weighted degree', unit: 'hours / week', role: 'metric', definition: 'Σ hours of shown edges.' },
  { name: 'betweenness', label: 'Betweenness', role: 'metric', definition: 'Share of shortest paths between other groups through this one (edge length = 1 / hours), normalised to 0–1.' },
  { name: 'pagerank', label: 'PageRank', role: 'metric', definition: 'Weighted PageRank, damping 0.85; sums to 1.' },
  { name: 'community', label: 'Community', role: 'metric', definition: 'Louvain community (1 = largest), over shown edges weighted by hours.' },
];

const EDGE_COLUMNS: ResultColumnSpec[] = [
  // An edge is undirected: its two ends are named A and B (A first alphabetically), not "Group" twice.
  { name: 'source', label: 'Group A', role: 'group' },
  { name: 'target', label: 'Group B', role: 'group' },
  { name: 'hours', label: 'Collaboration', unit: 'hours / week', role: 'metric', exactness: 'approximate', definition: 'Pair time between members of the two groups per week.' },
  { name: 'share_of_source', label: "Share of group A's collaboration", unit: '%', role: 'metric' },
  { name: 'share_of_target', label: "Share of group B's collaboration", unit: '%', role: 'metric' },
  { name: 'people_source', label: 'People of group A on the edge', role: 'people' },
  { name: 'people_target', label: 'People of group B on the edge', role: 'people' },
];

export const groupNetwork: AnalysisDef = {
  id: 'group-network',
  title: 'Group-to-group network',
  question: 'How much do groups collaborate with each other, which are central, which form communities and which are silos?',
  definition:
    `Pairs of measured employees in the same week, each with the HR version valid that week. ${PAIR_DEFINITION} ` +
    'Node: a group; its internal and external hours are its members\' pair time with the same / other groups, per week of the period. E-I index = (E − I) / (E + I); ≤ −0.67 flags a silo risk. ' +
    "Edge: pair time between two groups per week, when each end has at least the minimum group size of people on it. Drawn: the strongest edges (default 20) plus each group's strongest edge, so every group that collaborates across groups is linked; optionally only edges at least a threshold share of either group's collaboration (the wpa package's exc_threshold, default 0 here). The chart's note says how many edges are hidden. " +
    'Degree, betweenness (edge length = 1 / hours), PageRank (weighted) and communities (Louvain, modularity) are computed over the drawn edges; "Groups collaborated with" counts every edge. Groups below the minimum size are merged into one node; time between two such groups then counts as internal to it, but the E-I index of the merged node counts it as external. The merged node is not one group, so it has no edges and no degree, betweenness, PageRank or community (it would look like a hub).',
  params: [
    byParam('Organization'),
    BLANK_VALUES_PARAM,
    { name: 'view', label: 'View', kind: 'enum', options: ['nodes', 'edges'], default: 'nodes', description: 'Which table to show first; both are returned.' },
    { name: 'maxEdges', label: 'Strongest edges drawn', kind: 'integer', default: 20, min: 0, max: 10000, description: 'Draw this many of the strongest edges, plus each group\'s strongest (0 = every edge).' },
    { name: 'edgeThreshold', label: 'Hide edges under (% of a group\'s collaboration)', kind: 'number', default: 0, min: 0, max: 100, description: 'An edge is drawn only when it is at least this share of either group\'s collaboration (the wpa package uses 10).' },
    PAIR_WEIGHTING_PARAM,
    ...PERIOD_PARAMS,
  ],
  columns: NODE_COLUMNS,
  columnsByView: { nodes: NODE_COLUMNS, edges: EDGE_COLUMNS },
  relatedColumns: { edges: EDGE_COLUMNS, nodes: NODE_COLUMNS },
  postProcess: 'network',
  chart: {
    kind: 'network',
    x: 'grp',
    y: ['pagerank'],
    title: 'Group-to-group collaboration network',
    network: { node: 'grp', size: 'group_size', color: 'community', edgesTable: 'edges', source: 'source', target: 'target', weight: 'hours' },
  },
  chartsByView: {
    edges: { kind: 'bar', x: 'source', y: ['hours'], series: 'target', title: 'Collaboration between groups (hours per week)', horizontal: true },
  },
  inputs: PAIR_ANALYSIS_INPUTS,
  build(params: ParamValues) {
    const by = ident(String(params.by));
    const weeks = `(SELECT greatest(count(*), 1) FROM ${derived('weeks')} WHERE ${periodCondition(params)})`;
    // Each person's pair time with each group (their own included), over the period: both outputs read it.
    // Groups are integer codes through the pair join and the grouping (millions of rows); labels join back at the end.
    const ties = `WITH ${classifiedPairsCtes(params, { g: groupValueSql(`a.${by}`, params) }, ['g'])},
ends AS (SELECT g_a AS grp, a AS person, g_b AS other, h FROM pairs UNION ALL SELECT g_b, b, g_a, h FROM pairs),
coded AS (SELECT grp, person, other, sum(h) AS h FROM ends GROUP BY grp, person, other)
SELECT lg.label AS grp, t.person, lo.label AS other, t.h
FROM coded t JOIN g_labels lg ON lg.code = t.grp JOIN g_labels lo ON lo.code = t.other`;
    const nodeUnits = `SELECT grp, person, coalesce(sum(h) FILTER (WHERE other = grp), 0) AS internal_h, coalesce(sum(h) FILTER (WHERE other <> grp), 0) AS external_h
FROM {{ties}} GROUP BY grp, person`;
    // Every tie appears from both ends, so the other end's people are the reverse row's.
    const edgeUnits = `SELECT grp, person, other AS to_grp, h FROM {{ties}} WHERE other <> grp`;
    const population = `SELECT ${groupValueSql(`a.${by}`, params)} AS grp, p.pid AS person FROM ${derived('person_week')} p JOIN ${ATTRIBUTES} a ON a.PersonHistoricalId = p.PersonHistoricalId WHERE ${periodCondition(params, 'p.week')}`;
    const [I, E] = [exactSum('internal_h'), exactSum('external_h')];
    const EI = `(${E} - ${I}) / nullif(${E} + ${I}, 0)`;
    return {
      groupedBy: String(params.by),
      requires: ['person_week', 'pair_week', 'weeks'],
      shared: { ties },
      main: {
        unitsSql: nodeUnits,
        populationSql: population,
        aggregates: [
          { name: 'internal_hours', sql: r3(`${I} / ${weeks}`) },
          { name: 'external_hours', sql: r3(`${E} / ${weeks}`) },
          { name: 'total_hours', sql: r3(`(${E} + ${I}) / ${weeks}`) },
          { name: 'hours_per_person', sql: r3(`(${E} + ${I}) / ${weeks} / any_value(group_size)`) },
          { name: 'ei_index', sql: `round(${EI}, 3)` },
          { name: 'silo_risk', sql: `${EI} <= -0.67` },
        ],
        orderBy: 'total_hours DESC, grp',
      },
      related: {
        edges: {
          unitsSql: edgeUnits,
          populationSql: population,
          counterpart: 'symmetric',
          aggregates: [{ name: 'hours', sql: r3(`${exactSum('h')} / ${weeks}`) }],
          orderBy: 'hours DESC, grp, to_grp',
        },
      },
    };
  },
};

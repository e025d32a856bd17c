/**
 * Judge one column from its profile: what it holds (its class), which token formats it mixes, and
 * what the admin should look at. Pure: the backend measures, this decides.
 */
import { COLUMN_CLASS_LABELS, SEVERITY_ORDER, type ColumnAudit, type ColumnClass, type ColumnProfile, type Finding, type FormatShare } from './types.js';
import { TOKEN_SHAPES, type ValueShape } from './valueShapes.js';
import { isNumericType, isTemporalType } from '../schema/duckdbTypes.js';
import { identifiesPeople, RAW_IDENTIFIER_CLASSES } from './identifyingColumns.js';
import { isHrAttribute } from './hrAttributes.js';

/** A token format must cover at least this share of values to count as "present" (not a stray value). */
export const FORMAT_PRESENCE_SHARE = 0.01;
/** A column is a token column when at least this share of its values are tokens. */
const TOKEN_COLUMN_SHARE = 0.9;
/** A column is "full of" emails / names above this share. */
const MOSTLY = 0.5;
/** Name-like columns hold many different values (people), unlike categories that happen to be two capitalised words. */
const NAME_MIN_DISTINCT = 20;
const NAME_MIN_DISTINCT_RATIO = 0.3;
/** Random tokens score near 1; CamelCase words that happen to fit the base64 alphabet score lower. */
const TOKEN_MIN_ENTROPY = 0.75;
const CATEGORY_MAX_DISTINCT = 50;
const CATEGORY_MAX_DISTINCT_RATIO = 0.05;

export function formatLabel(shape: ValueShape, length: number): string {
  switch (shape) {
    case 'hex':
      return `${length}-char hex`;
    case 'base64':
      return `${length}-char base64`;
    case 'hashed-email':
      return 'hashed name @ clear domain';
    case 'guid':
      return 'GUID';
    default:
      return `${shape} (${length} chars)`;
  }
}

function formatKey(shape: ValueShape, length: number): string {
  // Hashed emails vary in length with the domain, GUIDs are one format with or without braces.
  return shape === 'hashed-email' || shape === 'guid' ? shape : `${shape}-${length}`;
}

/** Token formats in a text column with their share of non-empty values, largest first. */
export function tokenFormats(p: ColumnProfile): FormatShare[] {
  const byKey = new Map<string, FormatShare>();
  for (const s of p.shapes) {
    if (!TOKEN_SHAPES.includes(s.shape) || p.nonEmpty === 0) continue;
    const key = formatKey(s.shape, s.length);
    const f = byKey.get(key) ?? { format: key, label: formatLabel(s.shape, s.length), share: 0 };
    f.share += s.count / p.nonEmpty;
    byKey.set(key, f);
  }
  return [...byKey.values()].sort((a, b) => b.share - a.share || a.format.localeCompare(b.format));
}

function shareOf(p: ColumnProfile, shapes: readonly ValueShape[]): { count: number; share: number } {
  const count = p.shapes.filter((s) => shapes.includes(s.shape)).reduce((n, s) => n + s.count, 0);
  return { count, share: p.nonEmpty === 0 ? 0 : count / p.nonEmpty };
}

/** The class of a typed (not text) column, from its DuckDB type alone. */
export function typedClass(type: string): ColumnClass {
  if (type === 'UUID') return 'guid';
  if (isNumericType(type)) return 'number';
  if (isTemporalType(type)) return 'date';
  if (type === 'BOOLEAN') return 'boolean';
  return 'other';
}

/** The class of a text column from its shape counts. */
export function textClass(p: ColumnProfile): ColumnClass {
  if (p.nonEmpty === 0) return 'empty';
  const email = shareOf(p, ['email']).share;
  const tokens = shareOf(p, TOKEN_SHAPES).share;
  const formats = tokenFormats(p).filter((f) => f.share >= FORMAT_PRESENCE_SHARE);
  if (email >= MOSTLY) return 'raw-email';
  if (tokens >= TOKEN_COLUMN_SHARE) {
    const onlyBase64 = formats.every((f) => f.format.startsWith('base64'));
    if (onlyBase64 && p.entropy !== undefined && p.entropy < TOKEN_MIN_ENTROPY) return 'identifier';
    if (formats.length > 1) return 'mixed-tokens';
    return formats[0]?.format === 'guid' ? 'guid' : 'token';
  }
  const distinctRatio = p.distinct / p.nonEmpty;
  if (shareOf(p, ['name']).share >= MOSTLY && p.distinct >= NAME_MIN_DISTINCT && distinctRatio >= NAME_MIN_DISTINCT_RATIO) return 'name';
  for (const [shape, cls] of [['number', 'number'], ['date', 'date'], ['boolean', 'boolean']] as const) {
    if (shareOf(p, [shape]).share >= 0.95) return cls;
  }
  if (shareOf(p, ['text']).share >= 0.3) return 'free-text';
  if (p.distinct <= CATEGORY_MAX_DISTINCT || distinctRatio <= CATEGORY_MAX_DISTINCT_RATIO) return 'categorical';
  const lengths = new Map<number, number>();
  for (const s of p.shapes) lengths.set(s.length, (lengths.get(s.length) ?? 0) + s.count);
  const commonestLength = Math.max(...lengths.values());
  if (commonestLength / p.nonEmpty >= 0.95 && distinctRatio >= 0.5) return 'identifier';
  return 'text';
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 && x > 0 ? 2 : 1)} %`;

/** Classify a profiled column and list what the admin should look at. */
export function classifyColumn(p: ColumnProfile): { audit: ColumnAudit; findings: Finding[] } {
  const isText = p.shapes.length > 0 || p.type === 'VARCHAR';
  const cls = isText ? textClass(p) : typedClass(p.type);
  const formats = isText ? tokenFormats(p) : [];
  const present = formats.filter((f) => f.share >= FORMAT_PRESENCE_SHARE);
  const findings: Finding[] = [];
  const where = { table: p.table, column: p.column };
  const name = `${p.table}.${p.column}`;
  const fromExport = p.source === 'export';
  const email = shareOf(p, ['email']);
  const names = shareOf(p, ['name']);
  const tokens = shareOf(p, TOKEN_SHAPES);
  const mixed = present.length > 1 && tokens.share >= TOKEN_COLUMN_SHARE;
  const mixedFinding = (): Finding => ({
    severity: fromExport ? 'alert' : 'warning',
    code: 'mixed-token-formats',
    ...where,
    title: `${name} mixes token formats`,
    detail: `Masked values come in ${present.length} formats: ${present.map((f) => `${f.label} (${pct(f.share)})`).join(', ')}. One masking step gives one format; a mix means values were masked differently (for example by two export runs or tools) and will not match each other.`,
    share: present[1].share,
  });

  if (p.pseudonymExpected) {
    if (email.count > 0) {
      findings.push({ severity: 'alert', code: 'raw-email-in-pseudonym-column', ...where, title: `${name} holds raw email addresses`, detail: `${pct(email.share)} of the values (${email.count} of ${p.nonEmpty} non-empty values profiled) are readable email addresses where the export should hold masked tokens.`, count: email.count, share: email.share });
    }
    if (names.share >= 0.05) {
      findings.push({ severity: 'alert', code: 'raw-name-in-pseudonym-column', ...where, title: `${name} holds person names`, detail: `${pct(names.share)} of the values look like person names where the export should hold masked tokens.`, count: names.count, share: names.share });
    }
    if (mixed) findings.push(mixedFinding());
    if (findings.length === 0 && p.nonEmpty > 0) {
      if (!['token', 'guid', 'mixed-tokens'].includes(cls)) {
        findings.push({ severity: 'warning', code: 'pseudonym-not-token', ...where, title: `${name} does not look masked`, detail: `The export should hold masked tokens here, but the values look like ${COLUMN_CLASS_LABELS[cls]}.` });
      } else if (tokens.share < 0.99) {
        findings.push({ severity: 'warning', code: 'pseudonym-partly-raw', ...where, title: `${name} has values that are not tokens`, detail: `${pct(1 - tokens.share)} of the values are not masked tokens.`, count: p.nonEmpty - tokens.count, share: 1 - tokens.share });
      }
    }
    if (present.some((f) => f.format === 'hashed-email')) {
      findings.push({ severity: 'info', code: 'domain-in-clear', ...where, title: `${name} keeps email domains in clear`, detail: 'Values are hashed names with a readable @domain: the domain (employer or partner) stays visible.' });
    }
  } else {
    if (cls === 'raw-email') {
      findings.push({ severity: fromExport ? 'alert' : 'warning', code: 'raw-emails', ...where, title: `${name} holds raw email addresses`, detail: `${pct(email.share)} of the values are readable email addresses${fromExport ? '' : ' (in a file you imported)'}.`, count: email.count, share: email.share });
    } else if (email.share >= FORMAT_PRESENCE_SHARE && email.count >= 3) {
      findings.push({ severity: 'warning', code: 'some-raw-emails', ...where, title: `${name} holds some raw email addresses`, detail: `${pct(email.share)} of the values are readable email addresses.`, count: email.count, share: email.share });
    }
    if (cls === 'name') {
      findings.push({ severity: fromExport ? 'alert' : 'warning', code: 'raw-names', ...where, title: `${name} holds person names`, detail: `${pct(names.share)} of the values look like person names (${p.distinct} different values).`, count: names.count, share: names.share });
    }
    if (mixed) findings.push(mixedFinding());
    if (findings.length === 0 && identifiesPeople(cls) && p.joinKeyOf?.length) {
      // The key a saved join matches to the export: one value per person by design, like the
      // export's own key (info), not a readable identifier to leave out.
      const uses = p.joinKeyOf.map((u) => `${u.exportColumn} (join "${u.join}")`).join(' and ');
      findings.push({
        severity: 'info',
        code: 'identifies-people',
        ...where,
        title: `${name} is the join key (${COLUMN_CLASS_LABELS[cls]})`,
        detail: `It joins ${p.table} to ${uses}: ${p.distinct} different values in ${p.nonEmpty} non-empty values, nearly one per person, as a join key should be. It is not offered as a Group by attribute or for k-anonymity.`,
        count: p.distinct,
      });
    } else if (findings.length === 0 && identifiesPeople(cls) && (!fromExport || (p.table === 'PersonHistorical' && isHrAttribute(p.column)))) {
      // An employee number or a key beside the HR attributes: one value per person, never a group.
      const raw = RAW_IDENTIFIER_CLASSES.includes(cls) && !fromExport;
      // The export's side of a saved join: which imported file's column matches it, and in which join.
      const joinKeyOf = p.joinedBy && p.joinedBy.length > 0 ? `: the join key of ${p.joinedBy.map((u) => u.datasetColumn).join(' and ')}` : '';
      const joined = p.joinedBy?.length ? ` ${p.joinedBy.map((u) => `Join "${u.join}" matches the imported ${u.datasetColumn} to it.`).join(' ')}` : '';
      // An imported column no saved join brings in reaches no analysis, but stays readable in the
      // workspace: still a warning (the raw value is stored), without advice the joins already follow.
      const notJoined = !fromExport && p.joinedInto?.length === 0;
      const advice = !raw ? '' : notJoined ? '. Not joined: it reaches no analysis; it stays in the imported table, readable in SQL' : '; leave it out of the join, or mask it, unless you need it';
      findings.push({
        severity: raw ? 'warning' : 'info',
        code: 'identifies-people',
        ...where,
        title: `${name} identifies people (${COLUMN_CLASS_LABELS[cls]})${joinKeyOf}`,
        detail: `${p.distinct} different values in ${p.nonEmpty} non-empty values: nearly one per person${raw ? ', readable as it was imported' : ''}. It is not offered as a Group by attribute or for k-anonymity${advice}.${joined}`,
        count: p.distinct,
      });
    }
    if (cls === 'free-text' && fromExport) {
      findings.push({ severity: 'info', code: 'readable-text', ...where, title: `${name} is readable text`, detail: 'Values are readable sentences (such as subject lines); they are not masked and may mention people or customers.' });
    }
  }

  const worst = findings.reduce<ColumnAudit['verdict']>((w, f) => (w === 'ok' || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[w] ? f.severity : w), 'ok');
  const audit: ColumnAudit = {
    table: p.table,
    column: p.column,
    type: p.type,
    source: p.source,
    pseudonymExpected: p.pseudonymExpected,
    class: cls,
    label: COLUMN_CLASS_LABELS[cls],
    rows: p.rows,
    nonEmpty: p.nonEmpty,
    distinct: p.distinct,
    formats: present,
    entropy: p.entropy,
    examples: worst === 'alert' || worst === 'warning' ? p.examples : undefined,
    verdict: worst,
  };
  return { audit, findings };
}

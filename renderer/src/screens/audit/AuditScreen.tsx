/**
 * Privacy audit (for admins): runs the backend's audit over the workspace and shows what it found —
 * findings, what each column holds, pseudonym consistency and k-anonymity — with the same report
 * as self-contained HTML or CSV to download.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AuditReport, CheckStatus, ColumnAudit, Severity } from '../../../../shared/audit/types.js';
import { countedLabel, populationNote, SEVERITY_MEANINGS, SEVERITY_ORDER } from '../../../../shared/audit/types.js';
import { renderAuditCsv } from '../../../../shared/audit/reportCsv.js';
import { renderAuditHtml } from '../../../../shared/audit/reportHtml.js';
import { useAttachedJobId, useJob, useWorkspaceVersion } from '../../api/jobs.js';
import { useApiAction, useApiQuery } from '../../api/useApi.js';
import type { ScreenProps } from '../../app/App.js';
import { EmptyState, Loading } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel, ScreenHeader } from '../../components/Panel.js';
import { downloadText, fileSlug } from '../../lib/download.js';
import { formatCount, plural } from '../../lib/format.js';
import { MinGroupSizeField, minGroupSizeProblem } from '../analyses/MinGroupSizeField.js';
import { AttributeSetsPicker } from './AttributeSetsPicker.js';
import { pickableAttributes, setsToRun, type AttributeSets } from './attributeSets.js';
import { groupsHeading } from '../../../../shared/audit/setWording.js';
import { SavedAuditNotice } from './SavedAuditNotice.js';
import { summaryCounts } from './auditSummary.js';

const NO_REQUEST = {};

const SEVERITY_BADGE: Record<Severity | 'ok', string> = {
  alert: 'badge badge--danger',
  warning: 'badge badge--warning',
  risk: 'badge badge--accent',
  info: 'badge',
  ok: 'badge badge--success',
};

const CHECK_BADGE: Record<CheckStatus, string> = {
  ok: 'badge badge--success',
  alert: 'badge badge--danger',
  warning: 'badge badge--warning',
  skipped: 'badge',
};

function percent(share: number | undefined): string {
  return share === undefined ? '' : `${(share * 100).toFixed(share >= 0.999 || share === 0 ? 0 : 1)} %`;
}

function Summary({ report }: { report: AuditReport }) {
  const { summary } = report;
  const tone = summary.alerts > 0 ? 'error' : summary.warnings > 0 ? 'warning' : summary.risks > 0 ? 'info' : 'success';
  return (
    <Notice tone={tone} title={<span data-testid="audit-summary">{summaryCounts(summary)}</span>}>
      <div>
        {plural(summary.tables, 'table')}, {plural(summary.columns, 'column')} checked in {report.seconds.toFixed(1)} s
        {report.sampleRows ? ` (large tables sampled to ${plural(report.sampleRows, 'row')})` : ''}.
      </div>
      <div className="notice__hint">{report.method}</div>
    </Notice>
  );
}

/** "hr.EmployeeId": a long name wraps after its dot, never inside a word ("EmployeeI|d"). */
function WhereName({ table, column }: { table?: string; column?: string }) {
  if (!table || !column) return <>{table || column || '—'}</>;
  return (
    <>
      {table}.<wbr />
      {column}
    </>
  );
}

function Findings({ report }: { report: AuditReport }) {
  const findings = [...report.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return (
    <Panel title={`Findings (${formatCount(findings.length)})`} flush>
      {findings.length === 0 ? (
        <EmptyState icon="check" title="Nothing to report">
          Every column looks as the export should, and pseudonyms are consistent.
        </EmptyState>
      ) : (
        <>
          <SeverityLegend />
          <div className="table-wrap" style={{ maxHeight: 360 }}>
            <table className="table table--compact" aria-label="Findings">
              <thead>
                <tr>
                  <th>Severity</th>
                  <th>Where</th>
                  <th>Finding</th>
                  <th className="num">Count</th>
                  <th className="num">Share</th>
                </tr>
              </thead>
              <tbody>
                {findings.map((f, i) => (
                  <tr key={i} data-severity={f.severity}>
                    <td>
                      <span className={SEVERITY_BADGE[f.severity]}>{f.severity}</span>
                    </td>
                    <td className="mono" style={{ maxWidth: 260, minWidth: 120 }}>
                      <WhereName table={f.table} column={f.column} />
                    </td>
                    <td style={{ minWidth: 320 }}>
                      <strong>{f.title}</strong>
                      <div className="muted">{f.detail}</div>
                    </td>
                    <td className="num">{f.count === undefined ? '' : formatCount(f.count)}</td>
                    <td className="num nowrap">{percent(f.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  );
}

/** What each severity word asks of the admin, above the findings. */
function SeverityLegend() {
  return (
    <dl className="severity-legend" aria-label="What the severities mean">
      {(Object.keys(SEVERITY_ORDER) as Severity[]).map((s) => (
        <div key={s} className="severity-legend__item">
          <dt>
            <span className={SEVERITY_BADGE[s]}>{s}</span>
          </dt>
          <dd>{SEVERITY_MEANINGS[s]}</dd>
        </div>
      ))}
    </dl>
  );
}

function Columns({ report }: { report: AuditReport }) {
  // Counts of a sampled table are counts in the sample: said next to each number.
  const sampled = new Map(report.tables.filter((t) => t.profiledRows < t.rows).map((t) => [t.table, t.profiledRows]));
  const byTable = new Map<string, ColumnAudit[]>();
  for (const c of report.columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  return (
    <Panel title="Column classifications" flush>
      <div className="table-wrap" style={{ maxHeight: 420 }}>
        <table className="table table--compact" aria-label="Column classifications">
          <thead>
            <tr>
              <th>Table</th>
              <th>Column</th>
              <th>Holds</th>
              <th>Formats</th>
              <th className="num">Non-empty</th>
              <th className="num">Distinct</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {[...byTable].flatMap(([table, cols]) =>
              cols.map((c, i) => (
                <tr key={`${table}.${c.column}`}>
                  <td className="mono">{i === 0 ? table : ''}</td>
                  <td className="mono">
                    {c.column}
                    {c.pseudonymExpected && (
                      <span className="faint" title="The export schema says this column holds pseudonyms">
                        {' '}
                        <Icon name="lock" size={12} />
                      </span>
                    )}
                  </td>
                  <td>{c.label}</td>
                  <td className="muted">{c.formats.map((f) => `${f.label} ${percent(f.share)}`).join(', ')}</td>
                  <td className="num">
                    {formatCount(c.nonEmpty)}
                    {sampled.get(table) !== undefined && (
                      <span className="faint" data-testid="sampled-note" title={`Counted in a sample of ${plural(sampled.get(table) ?? 0, 'row')} of ${table}`}>
                        {' '}
                        of {formatCount(sampled.get(table) ?? 0)} sampled
                      </span>
                    )}
                  </td>
                  <td className="num">{formatCount(c.distinct)}</td>
                  <td>
                    <span className={SEVERITY_BADGE[c.verdict]}>{c.verdict}</span>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function Consistency({ report }: { report: AuditReport }) {
  return (
    <Panel title="Pseudonym consistency" flush>
      <table className="table table--compact" aria-label="Pseudonym consistency">
        <thead>
          <tr>
            <th>Check</th>
            <th>Status</th>
            <th className="num">Value</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {report.consistency.map((c) => (
            <tr key={c.id}>
              <td>{c.title}</td>
              <td>
                <span className={CHECK_BADGE[c.status]}>{c.status}</span>
              </td>
              <td className="num">{c.value === undefined ? '' : c.value <= 1 && !Number.isInteger(c.value) ? percent(c.value) : formatCount(c.value)}</td>
              <td className="muted">{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function KAnonymity({ report }: { report: AuditReport }) {
  const k = report.kAnonymity;
  const population = k.population ?? { basis: 'people' as const, counted: 0, collaborators: 0, internal: 0, external: 0 };
  const counted = population.basis === 'people' ? 'People' : 'Measured employees';
  return (
    <Panel title={`k-anonymity (minimum group size ${k.minGroupSize})`} flush>
      {k.sets.length === 0 ? (
        <EmptyState icon="shield" title="No attribute combinations measured">
          {k.note ?? 'The workspace has no person attributes to combine.'}
        </EmptyState>
      ) : (
        <>
          {k.population && (
            <p className="muted" data-testid="k-population" style={{ margin: '8px 12px' }}>
              {populationNote(k.population)}
            </p>
          )}
          <table className="table table--compact" aria-label="k-anonymity">
            <thead>
              <tr>
                <th>Attributes</th>
                <th className="num">{counted}</th>
                <th className="num">{groupsHeading(k.sets)}</th>
                <th className="num">Below minimum</th>
                <th className="num">{counted} in them</th>
              </tr>
            </thead>
            <tbody>
              {k.sets.map((s) => (
                <tr key={s.attributes.join('|')} className={s.peopleBelow > 0 ? 'suppressed-row' : undefined}>
                  <td className="mono">{s.attributes.join(' × ')}</td>
                  <td className="num">{formatCount(s.people)}</td>
                  <td className="num">{formatCount(s.groups)}</td>
                  <td className="num">{formatCount(s.groupsBelow)}</td>
                  <td className="num">
                    {s.peopleBelow > 0 ? <span className="badge badge--warning">{formatCount(s.peopleBelow)}</span> : formatCount(s.peopleBelow)}
                    {s.people > 0 && s.peopleBelow > 0 ? <span className="faint" data-testid="k-share">{` (${percent(s.peopleBelow / s.people)} of ${countedLabel(population, s.people)})`}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}

export function AuditScreen(_props: ScreenProps) {
  const { state, run } = useApiAction('audit/run');
  const [minText, setMinText] = useState('5');
  const [sets, setSets] = useState<AttributeSets>();
  // The backend's one rule for what may group people (no ids, no identifying imported columns).
  const workspaceVersion = useWorkspaceVersion();
  const catalogue = useApiQuery('analyses/list', {}, workspaceVersion);
  const attributes = useMemo(() => pickableAttributes(catalogue.value?.auditAttributes ?? []), [catalogue.value]);
  const problem = minGroupSizeProblem(minText) ?? (sets !== undefined && !setsToRun(sets, catalogue.value ? attributes : undefined)?.length ? 'Add an attribute to a combination, or use the defaults.' : undefined);
  // The audit runs as a job: progress and Cancel while it runs, the report as its result.
  const [jobId, setJobId] = useState<string>();
  // After a reload (or from another window) the workspace's last audit job is shown again: the
  // backend keeps finished jobs per workspace, as the Export screen re-attaches to its exports.
  const job = useJob(useAttachedJobId('audit', jobId));
  const [jobReport, setJobReport] = useState<AuditReport>();
  useEffect(() => {
    if (job?.status !== 'done') return;
    setJobReport(job.result as unknown as AuditReport);
  }, [job]);
  // After a restart the backend has no jobs: the report saved in the workspace is shown instead,
  // re-read when a job ends or the data changes (which can make it stale).
  const last = useApiQuery('audit/last', NO_REQUEST, `${workspaceVersion}:${job?.id}:${job?.status}`);
  const saved = last.value?.saved ?? undefined;
  const report = jobReport ?? saved?.report;
  // Its run time and staleness are known when the shown report is the saved one.
  const savedShown = saved && report && saved.report.createdAt === report.createdAt ? saved : undefined;
  // The form says what the shown report was run with (once per report, not on each re-read).
  const shownAt = report?.createdAt;
  const shownMin = report?.kAnonymity.minGroupSize;
  useEffect(() => {
    if (shownMin !== undefined) setMinText(String(shownMin));
  }, [shownAt, shownMin]);
  const running = state.status === 'loading' || job?.status === 'running';

  const start = () => {
    if (problem || running) return;
    void run({ minGroupSize: Number(minText), attributes: setsToRun(sets, catalogue.value ? attributes : undefined) }).then((r) => r.ok && setJobId(r.value.jobId));
  };
  const baseName = report ? `privacy-audit-${fileSlug(report.workspace)}` : 'privacy-audit';

  return (
    <div className="screen">
      <ScreenHeader
        title="Privacy audit"
        description="Checks that the export is masked as it should be: raw emails or names where pseudonyms belong, pseudonyms that disagree between tables, and people who could be singled out by their attributes. Values are judged by their shape; nothing is reversed or sent anywhere."
        actions={
          report && (
            <>
              <button type="button" className="btn" onClick={() => downloadText(renderAuditHtml(report), `${baseName}.html`, 'text/html')}>
                <Icon name="download" />
                Download HTML
              </button>
              <button type="button" className="btn" onClick={() => downloadText(renderAuditCsv(report), `${baseName}.csv`, 'text/csv')}>
                <Icon name="download" />
                Download CSV
              </button>
            </>
          )
        }
      />
      <div className="stack stack--lg">
        <Panel>
          <div className="stack">
            <AttributeSetsPicker attributes={attributes} sets={sets} onChange={setSets} />
            <div className="row" style={{ alignItems: 'flex-end' }}>
              <MinGroupSizeField id="audit-min-group-size" text={minText} onText={setMinText} onCommit={() => undefined} />
              <button type="button" className="btn btn--primary" onClick={start} disabled={running || !!problem} style={{ marginBottom: 22 }}>
                <Icon name={report ? 'refresh' : 'play'} />
                {report ? 'Run again' : 'Run audit'}
              </button>
              {problem && !minGroupSizeProblem(minText) && <span className="field__help" style={{ marginBottom: 28 }}>{problem}</span>}
            </div>
          </div>
        </Panel>
        {state.status === 'error' && <ErrorNotice error={state.error} />}
        {state.status === 'loading' && <Loading>Starting the audit…</Loading>}
        {job && job.status !== 'done' && <JobProgress job={job} />}
        {last.status === 'error' && <ErrorNotice error={last.error} title="The last audit could not be read" />}
        {!report && !job && state.status !== 'error' && (last.value || last.status === 'error') && (
          <Panel>
            <EmptyState icon="shield" title="No audit yet">
              Run the audit to check every table and column of this workspace. It reads only this workspace and takes a few seconds on large exports.
              {last.value?.unreadable && <div className="notice__hint">{`The saved report could not be read (${last.value.unreadable.message}); running the audit replaces it.`}</div>}
            </EmptyState>
          </Panel>
        )}
        {report && (
          <>
            {savedShown && <SavedAuditNotice saved={savedShown} />}
            <Summary report={report} />
            <Findings report={report} />
            <Columns report={report} />
            <Consistency report={report} />
            <KAnonymity report={report} />
          </>
        )}
      </div>
    </div>
  );
}

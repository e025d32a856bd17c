/**
 * What a join would do, before it is saved: the match rate of the file's rows, how many keys,
 * export keys, people and measured employees match, duplicate keys, warnings, samples of what did
 * not match on either side, and the columns it would add to PersonAttributes.
 */
import type { JoinPreviewInfo } from '../../../../shared/api/contract.js';
import { Notice } from '../../components/Notice.js';
import { formatCount, formatDuration } from '../../lib/format.js';

export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)} %`;
}

function Stat({ label, matched, total, testId, children }: { label: string; matched: number; total: number; testId?: string; children?: string }) {
  return (
    <div className="stat" data-testid={testId} data-matched={matched} data-total={total}>
      <span className="stat__label">{label}</span>
      <span className="stat__value num">
        {formatCount(matched)} <span className="faint">of {formatCount(total)}</span>
      </span>
      {children && <span className="stat__note">{children}</span>}
    </div>
  );
}

function Samples({ title, values, empty }: { title: string; values: string[]; empty: string }) {
  return (
    <div className="stack" style={{ gap: 4 }}>
      <h3>{title}</h3>
      {values.length === 0 ? (
        <span className="muted">{empty}</span>
      ) : (
        <ul className="sample-list" aria-label={title}>
          {values.map((v, i) => (
            <li key={i}>
              {v}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function JoinPreview({ preview }: { preview: JoinPreviewInfo }) {
  const p = preview;
  return (
    <div className="stack" data-testid="join-preview">
      <div className="row" style={{ alignItems: 'baseline', gap: 'var(--space-3)', flexWrap: 'nowrap' }}>
        <strong className="stat__headline num" data-testid="join-match-rate" data-matched-rows={p.matchedRows} data-rows={p.rows}>
          {formatRate(p.matchRate)}
        </strong>
        <span className="muted grow">
          of the rows of <strong>{p.dataset}</strong> match a person: {formatCount(p.matchedRows)} of {formatCount(p.rows)} on {p.datasetKey} = PersonHistorical.{p.exportKey}
          {p.hashed ? ` (hashed${p.keepDomain ? ', domain kept' : ''})` : ''}. Measured in {formatDuration(p.seconds)}.
        </span>
      </div>
      <div className="stat-grid">
        <Stat label="File rows with a match" matched={p.matchedRows} total={p.rows} testId="join-stat-rows">
          {p.rows > p.rowsWithKey ? `${formatCount(p.rows - p.rowsWithKey)} with an empty key` : undefined}
        </Stat>
        <Stat label="Distinct keys matched" matched={p.matchedKeys} total={p.distinctKeys} testId="join-stat-keys" />
        <Stat label="Export keys with a row" matched={p.matchedExportKeys} total={p.exportKeys} testId="join-stat-export-keys">
          {`${formatRate(p.exportKeyMatchRate)} of the export’s keys`}
        </Stat>
        <Stat label="People who get values" matched={p.people.matched} total={p.people.total} testId="join-stat-people" />
        <Stat label="Measured employees" matched={p.measuredEmployees.matched} total={p.measuredEmployees.total} testId="join-stat-measured" />
        <Stat label="HR versions" matched={p.versions.matched} total={p.versions.total} testId="join-stat-versions">
          {p.rowsUsed !== undefined ? `${formatCount(p.rowsUsed)} file rows used as of each version` : undefined}
        </Stat>
        <div className="stat" data-testid="join-stat-duplicates">
          <span className="stat__label">Keys on several rows</span>
          <span className="stat__value num">{formatCount(p.duplicateKeys.count)}</span>
          {p.duplicateKeys.count > 0 && <span className="stat__note">{formatCount(p.duplicateKeys.matched)} of them match · e.g. {p.duplicateKeys.samples.slice(0, 3).join(', ')}</span>}
        </div>
      </div>
      {p.warnings.length > 0 && (
        <Notice tone="warning" title={p.warnings.length === 1 ? 'Check before saving' : `${p.warnings.length} things to check before saving`}>
          <ul style={{ margin: '2px 0 0', paddingLeft: 18 }} data-testid="join-warnings">
            {p.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Notice>
      )}
      <div className="split-2">
        <Samples title={`In ${p.dataset}, not in the export`} values={p.unmatched.datasetKeys} empty="Every key of the file matches." />
        <Samples title="In the export, not in the file" values={p.unmatched.exportKeys} empty="Every export key has a row in the file." />
      </div>
      <div className="stack" style={{ gap: 4 }}>
        <h3>Columns it adds to every person</h3>
        <div className="chip-list" data-testid="join-columns">
          {p.columns.map((c) => (
            <span key={c.name} className="badge" title={c.source === c.name ? c.type : `${c.source} (${c.type}) in the file`} data-column={c.name}>
              {c.name}
              {c.source !== c.name && <span className="faint"> ← {c.source}</span>}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}

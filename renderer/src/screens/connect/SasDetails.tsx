/** What a SAS URI allows, in words: account, container, permissions, validity, and any warnings. */
import type { SasDescription } from '../../../../shared/api/contract.js';
import { Notice } from '../../components/Notice.js';
import { formatDateTimeLocal, formatRelative } from '../../lib/format.js';

const PERMISSION_WORDS: Record<string, { word: string; why: string; needed?: boolean; risky?: boolean }> = {
  r: { word: 'read', why: 'download the export files', needed: true },
  l: { word: 'list', why: 'see which files the container holds', needed: true },
  w: { word: 'write', why: 'change files — not needed; ask for a read + list SAS', risky: true },
  d: { word: 'delete', why: 'delete files — not needed; ask for a read + list SAS', risky: true },
  a: { word: 'add', why: 'add blocks — not needed', risky: true },
  c: { word: 'create', why: 'create files — not needed', risky: true },
  u: { word: 'update', why: 'update — not needed', risky: true },
  x: { word: 'execute', why: 'not needed', risky: true },
  t: { word: 'tags', why: 'read blob tags' },
  i: { word: 'immutability', why: 'set immutability policies — not needed', risky: true },
  m: { word: 'move', why: 'move files — not needed', risky: true },
  e: { word: 'execute', why: 'not needed', risky: true },
  f: { word: 'filter', why: 'find blobs by tag' },
};

function explain(permission: string) {
  const key = permission.length === 1 ? permission.toLowerCase() : Object.keys(PERMISSION_WORDS).find((k) => PERMISSION_WORDS[k].word === permission.toLowerCase());
  return key ? PERMISSION_WORDS[key] : { word: permission, why: '' };
}

export function SasDetails({ sas }: { sas: SasDescription }) {
  const expired = sas.expiresAt ? Date.parse(sas.expiresAt) < Date.now() : false;
  return (
    <div className="stack">
      <dl className="sas-facts" data-testid="sas-details">
        <dt>Storage account</dt>
        <dd>
          <strong>{sas.account}</strong> <span className="faint">({sas.host})</span>
        </dd>
        <dt>Container</dt>
        <dd>
          <strong>{sas.container}</strong>
        </dd>
        <dt>Allows</dt>
        <dd>
          <div className="stack" style={{ gap: 2 }}>
            {sas.permissions.map((p) => {
              const e = explain(p);
              return (
                <span key={p}>
                  <span className={`badge ${e.risky ? 'badge--warning' : 'badge--success'}`}>{e.word}</span> <span className="muted">{e.why}</span>
                </span>
              );
            })}
          </div>
        </dd>
        {sas.startsAt && (
          <>
            <dt>Valid from</dt>
            <dd>{formatDateTimeLocal(sas.startsAt)}</dd>
          </>
        )}
        <dt>Expires</dt>
        <dd>
          {sas.expiresAt ? (
            <>
              {formatDateTimeLocal(sas.expiresAt)} <span className={expired ? 'badge badge--danger' : 'faint'}>{expired ? 'expired' : `(${formatRelative(sas.expiresAt)})`}</span>
            </>
          ) : (
            <span className="muted">not stated</span>
          )}
        </dd>
        <dt>Address</dt>
        <dd className="mono" style={{ fontSize: 'var(--text-xs)' }}>
          {sas.redactedUri}
        </dd>
      </dl>
      {sas.warnings.length === 1 && <Notice tone="warning">{sas.warnings[0]}</Notice>}
      {sas.warnings.length > 1 && (
        <Notice tone="warning" title={`${sas.warnings.length} things to know`}>
          <ul style={{ margin: '2px 0 0', paddingLeft: 18 }}>
            {sas.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}

/**
 * Join a dataset to the export: its key column, the export column it matches (EmailAddress or any
 * PersonHistorical column, such as the mapping key Key_ID), optional local hashing and effective
 * dates, the columns to bring in and a name. The preview's match rate comes before saving; a saved
 * join's columns that can form groups become group-by attributes of every analysis (a date is
 * marked in the column list: joined for the person query and the audit, it groups nothing).
 */
import { useEffect, useMemo, useState } from 'react';
import type { DatasetInfo, JoinInfo, SaveJoinResultInfo } from '../../../../shared/api/contract.js';
import { useApiAction } from '../../api/useApi.js';
import { useNavigation } from '../../app/navigation.js';
import { EmptyState } from '../../components/EmptyState.js';
import { Icon } from '../../components/Icon.js';
import { ErrorNotice, Notice } from '../../components/Notice.js';
import { Panel } from '../../components/Panel.js';
import { useToast } from '../../components/Toasts.js';
import { plural } from '../../lib/format.js';
import { bringableColumns, columnNote, defaultJoinForm, joinFormProblem, joinSpecOf, replacedJoin, replaceWarning, type JoinForm } from './joinForm.js';
import { JoinPreview } from './JoinPreview.js';

function ColumnSelect({ id, label, value, columns, onChange, none }: { id: string; label: string; value: string; columns: string[]; onChange(v: string): void; none?: string }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}

function Saved({ saved }: { saved: SaveJoinResultInfo }) {
  const { go } = useNavigation();
  const added = saved.join.joinedColumns.map((c) => c.name);
  const noGroups = added.filter((c) => !saved.groupBy.includes(c));
  return (
    <Notice
      tone="success"
      title={`Saved the join ${saved.join.name}`}
      actions={
        <button type="button" className="btn btn--primary btn--sm" onClick={() => go('analyses')}>
          <Icon name="chart" size={13} /> Open Analyses
        </button>
      }
    >
      {saved.groupBy.length > 0 && `${plural(saved.groupBy.length, 'column')} (${saved.groupBy.join(', ')}) can now group every analysis; `}
      {noGroups.length > 0 && `${noGroups.join(', ')} ${noGroups.length === 1 ? 'is' : 'are'} joined but cannot group (a date, or nearly one value per person); `}
      the view <code>{saved.join.view}</code> holds the joined rows.
    </Notice>
  );
}

export function JoinTab({ datasets, joins, exportColumns, request, onImport }: { datasets: DatasetInfo[]; joins: JoinInfo[]; exportColumns: string[]; request?: { dataset: string; nonce: number }; onImport(): void }) {
  const toast = useToast();
  const preview = useApiAction('joins/preview');
  const save = useApiAction('joins/save');
  const [form, setForm] = useState<JoinForm | undefined>();
  const [previewed, setPreviewed] = useState<string | undefined>();
  const dataset = datasets.find((d) => d.name === form?.dataset);
  const exportKeys = useMemo(() => ['EmailAddress', ...exportColumns.filter((c) => c !== 'EmailAddress')], [exportColumns]);

  /** A dataset another tab asked for (just imported): chosen as soon as the list holds it. */
  const [wanted, setWanted] = useState<string | undefined>();

  /** The user changed the form since it was started: it is theirs, never restarted under them. */
  const [touched, setTouched] = useState(false);

  const startFrom = (d: DatasetInfo | undefined) => {
    setForm(d ? defaultJoinForm(d, exportColumns) : undefined);
    setTouched(false);
    preview.reset();
    save.reset();
  };

  useEffect(() => {
    if (request) setWanted(request.dataset);
  }, [request?.nonce]);
  useEffect(() => {
    const asked = datasets.find((d) => d.name === wanted);
    if (asked) {
      setWanted(undefined);
      if (form?.dataset !== asked.name) startFrom(asked);
    } else if (!form || !datasets.some((d) => d.name === form.dataset)) startFrom(datasets[0]);
  }, [datasets, wanted]);
  // The workspace's columns can arrive after the datasets: an untouched form starts again with them,
  // so its key is chosen against the export (hr's Key_ID meets Key_ID) rather than by the fallbacks.
  useEffect(() => {
    if (form && !touched && preview.state.status === 'idle') startFrom(datasets.find((d) => d.name === form.dataset));
  }, [exportColumns.join('\n')]);

  if (!form || !dataset) {
    return (
      <Panel>
        <EmptyState
          icon="link"
          title="No dataset to join yet"
          actions={
            <button type="button" className="btn btn--primary" onClick={onImport}>
              <Icon name="file" /> Import a file
            </button>
          }
        >
          Import your HR or sales file first; then match its rows to the people of the export here.
        </EmptyState>
      </Panel>
    );
  }

  const update = (change: Partial<JoinForm>) => {
    setForm({ ...form, ...change });
    setTouched(true);
    save.reset();
  };
  const spec = joinSpecOf(form, dataset);
  const specKey = JSON.stringify(spec);
  const problem = joinFormProblem(form, dataset);
  const result = preview.state.value;
  const stale = !!result && previewed !== specKey;
  const canSave = !!result && !stale && preview.state.status === 'ok' && result.matchedRows > 0 && save.state.status !== 'loading' && save.state.status !== 'ok';
  const replaces = replacedJoin(joins, form);
  const datasetColumns = dataset.columns.map((c) => c.name);
  const bringable = bringableColumns(dataset, form);

  const runPreview = () => {
    if (problem) return;
    setPreviewed(specKey);
    save.reset();
    void preview.run(spec);
  };
  const runSave = async () => {
    const r = await save.run(spec);
    if (r.ok) toast(`Saved the join ${r.value.join.name}`);
  };

  return (
    <div className="stack stack--lg">
      <Panel title="1 · Match the file’s rows to people">
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            runPreview();
          }}
        >
          {replaces && save.state.status !== 'ok' && (
            <div data-testid="join-replaces">
              <Notice tone="warning">{replaceWarning(replaces)}</Notice>
            </div>
          )}
          <div className="param-form">
            <div className="field">
              <label className="field__label" htmlFor="join-dataset">
                Dataset
              </label>
              <select id="join-dataset" className="select" value={form.dataset} onChange={(e) => startFrom(datasets.find((d) => d.name === e.target.value))}>
                {datasets.map((d) => (
                  <option key={d.name} value={d.name}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            <ColumnSelect id="join-dataset-key" label="Its key column" value={form.datasetKey} columns={datasetColumns} onChange={(datasetKey) => update({ datasetKey, excluded: form.excluded.filter((c) => c !== datasetKey) })} />
            <ColumnSelect id="join-export-key" label="Matches export column" value={form.exportKey} columns={exportKeys} onChange={(exportKey) => update({ exportKey })} />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={form.hash} onChange={(e) => update({ hash: e.target.checked })} />
            Hash the file’s keys first (salted SHA-256 of the trimmed lower-case value), to meet masked export values
          </label>
          {form.hash && (
            <div className="param-form" style={{ paddingLeft: 24 }}>
              <label className="field" style={{ width: 260 }}>
                <span className="field__label">Salt</span>
                <input className="input mono" type="password" value={form.salt} onChange={(e) => update({ salt: e.target.value })} autoComplete="off" spellCheck={false} />
                <span className="field__help">The salt your tenant’s masking used; kept by the backend, never shown again.</span>
              </label>
              <label className="checkbox" style={{ marginTop: 22 }}>
                <input type="checkbox" checked={form.keepDomain} onChange={(e) => update({ keepDomain: e.target.checked })} />
                Keep the @domain (hash only the part before it)
              </label>
            </div>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={form.asOf} onChange={(e) => update({ asOf: e.target.checked })} />
            The file holds history: each row is valid from a date
          </label>
          {form.asOf && (
            <div className="param-form" style={{ paddingLeft: 24 }}>
              <ColumnSelect id="join-as-of-start" label="Valid from" value={form.asOfStart} columns={datasetColumns.filter((c) => c !== form.datasetKey)} onChange={(asOfStart) => update({ asOfStart })} none="(choose a column)" />
              <ColumnSelect id="join-as-of-end" label="Valid until" value={form.asOfEnd} columns={datasetColumns.filter((c) => c !== form.datasetKey && c !== form.asOfStart)} onChange={(asOfEnd) => update({ asOfEnd })} none="(the next row’s start)" />
            </div>
          )}
          <fieldset className="fieldset">
            <legend className="field__label">Columns to bring in</legend>
            <div className="chip-list">
              {bringable.map((c) => {
                const why = columnNote(dataset, c, !form.excluded.includes(c));
                return (
                  <label key={c} className="checkbox checkbox--boxed" title={why}>
                    <input type="checkbox" checked={!form.excluded.includes(c)} onChange={(e) => update({ excluded: e.target.checked ? form.excluded.filter((x) => x !== c) : [...form.excluded, c] })} />
                    {c}
                    {why && <span className="field__help"> {why}</span>}
                  </label>
                );
              })}
            </div>
          </fieldset>
          <div className="row" style={{ alignItems: 'flex-end' }}>
            <label className="field" style={{ width: 240 }}>
              <span className="field__label">Join name</span>
              <input className="input mono" value={form.name} onChange={(e) => update({ name: e.target.value })} placeholder={form.dataset} spellCheck={false} autoComplete="off" />
            </label>
            <button type="submit" className="btn btn--primary" disabled={!!problem || preview.state.status === 'loading'}>
              {preview.state.status === 'loading' ? <span className="spinner" aria-hidden="true" /> : <Icon name="search" />} Preview the join
            </button>
          </div>
          {problem && <span className="field__help">{problem}</span>}
        </form>
      </Panel>
      {(result || preview.state.status !== 'idle') && (
        <Panel
          title="2 · Check the match, then save"
          actions={
            <button type="button" className="btn btn--primary" onClick={() => void runSave()} disabled={!canSave}>
              {save.state.status === 'loading' ? <span className="spinner" aria-hidden="true" /> : <Icon name="check" />} Save join
            </button>
          }
        >
          <div className="stack">
            {preview.state.status === 'error' && <ErrorNotice error={preview.state.error} title="The join cannot be previewed" />}
            {stale && <Notice tone="info">The form changed since this preview: preview again before saving.</Notice>}
            {result && result.matchedRows === 0 && !stale && <Notice tone="warning">No row matches: there is nothing to save. Check the key columns, or the hashing.</Notice>}
            {save.state.status === 'error' && <ErrorNotice error={save.state.error} title="The join was not saved" />}
            {save.state.status === 'ok' && <Saved saved={save.state.value} />}
            {result && (
              <div style={stale || preview.state.status === 'loading' ? { opacity: 0.55 } : undefined}>
                <JoinPreview preview={result} />
              </div>
            )}
          </div>
        </Panel>
      )}
    </div>
  );
}

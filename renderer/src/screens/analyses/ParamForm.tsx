/** An analysis's parameters as form fields: attributes from the workspace, numbers with their range. */
import { useEffect, useState } from 'react';
import { optionLabel, type AnalysisParam, type ParamValues } from '../../../../shared/analyses/types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * A date typed and shown as YYYY-MM-DD, as the analyses' week parameters and tables write dates.
 * Not the browser's date picker: Chromium shows that in the system locale (mm/dd/yyyy in the US).
 * Only an empty field or a whole, real date reaches the analysis.
 */
function IsoDateField({ id, value, onChange }: { id: string; value: string; onChange(v: string | null): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const invalid = text !== '' && !isIsoDate(text);
  return (
    <input
      id={id}
      className="input mono"
      type="text"
      inputMode="numeric"
      placeholder="YYYY-MM-DD"
      maxLength={10}
      aria-invalid={invalid || undefined}
      value={text}
      onChange={(e) => {
        const t = e.target.value.trim();
        setText(t);
        if (t === '') onChange(null);
        else if (isIsoDate(t)) onChange(t);
      }}
    />
  );
}

function ParamField({ param, value, attributes: hr, joinedColumns, onChange }: { param: AnalysisParam; value: ParamValues[string]; attributes: string[]; joinedColumns: string[]; onChange(v: ParamValues[string], immediate: boolean): void }) {
  const id = `param-${param.name}`;
  // An outcome column is one a joined file added, never an HR attribute of the export.
  const attributes = param.joined ? joinedColumns : hr;
  let control;
  switch (param.kind) {
    case 'attribute': {
      if (param.joined && joinedColumns.length === 0) {
        control = (
          <select id={id} className="select" disabled value="">
            <option value="">(join {param.joined.file} first)</option>
          </select>
        );
        break;
      }
      const options = attributes.includes(String(value ?? '')) || value === null || value === '' ? attributes : [String(value), ...attributes];
      control = (
        <select id={id} className="select" value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value, true)}>
          {param.optional && <option value="">(none)</option>}
          {options.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'enum':
      control = (
        <select id={id} className="select" value={String(value ?? '')} onChange={(e) => onChange(e.target.value, true)}>
          {(param.options ?? []).map((o) => (
            <option key={o} value={o}>
              {optionLabel(param, o)}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      return (
        <label className="checkbox" title={param.description} style={{ height: 32, marginTop: 22 }}>
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked, true)} />
          {param.label}
        </label>
      );
    case 'integer':
    case 'number':
      control = (
        <input
          id={id}
          className="input num"
          type="number"
          step={param.kind === 'integer' ? 1 : 'any'}
          min={param.min}
          max={param.max}
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value), false)}
        />
      );
      break;
    case 'date':
      control = <IsoDateField id={id} value={String(value ?? '')} onChange={(v) => onChange(v, true)} />;
      break;
    case 'text':
      control = <input id={id} className="input" type="text" value={String(value ?? '')} onChange={(e) => onChange(e.target.value, false)} />;
      break;
  }
  return (
    <div className="field" title={param.description}>
      <label className="field__label" htmlFor={id}>
        {param.label}
      </label>
      {control}
    </div>
  );
}

export function ParamForm({ params, values, attributes, joinedColumns, onChange }: { params: AnalysisParam[]; values: ParamValues; attributes: string[]; joinedColumns: string[]; onChange(name: string, v: ParamValues[string], immediate: boolean): void }) {
  return (
    <>
      {params.map((p) => (
        <ParamField key={p.name} param={p} value={values[p.name] ?? null} attributes={attributes} joinedColumns={joinedColumns} onChange={(v, immediate) => onChange(p.name, v, immediate)} />
      ))}
    </>
  );
}

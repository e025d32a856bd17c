/**
 * How the file is read: header row, delimiter and encoding (text files), sheet (Excel). Each shows
 * what detection chose until the user picks otherwise; the preview re-reads on every change.
 */
import { useEffect, useState } from 'react';
import type { ImportFileOptions, ImportPreviewInfo } from '../../../../shared/api/contract.js';
import { DELIMITERS, delimiterLabel, ENCODINGS } from './importChoices.js';

/** Options that change which columns there are, so earlier type overrides no longer apply. */
function withLayout(options: ImportFileOptions, change: Partial<ImportFileOptions>): ImportFileOptions {
  const { types: _dropped, ...rest } = options;
  return { ...rest, ...change };
}

function HeaderRowField({ value, onCommit }: { value: number | undefined; onCommit(n: number): void }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  const n = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(n) && n >= 0;
  const commit = () => {
    if (valid && n !== value) onCommit(n);
    else if (!valid) setText(value === undefined ? '' : String(value));
  };
  return (
    <div className="field" style={{ width: 130 }}>
      <label className="field__label" htmlFor="import-header-row">
        Header row
      </label>
      <input
        id="import-header-row"
        className="input num"
        type="number"
        min={0}
        step={1}
        value={text}
        aria-invalid={valid ? undefined : true}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      <span className="field__help">0 when there is none</span>
    </div>
  );
}

const OTHER = 'other';

/** The common delimiters, or any other single character the user types. */
function DelimiterField({ detected, value, onChange }: { detected?: string; value?: string; onChange(delimiter: string | undefined): void }) {
  const known = value === undefined || DELIMITERS.some((d) => d.value === value);
  const [typing, setTyping] = useState(!known);
  const [char, setChar] = useState(known ? '' : value);
  return (
    <div className="field" style={{ width: 210 }}>
      <label className="field__label" htmlFor="import-delimiter">
        Delimiter
      </label>
      <div className="row" style={{ gap: 'var(--space-2)' }}>
        <select
          id="import-delimiter"
          className="select"
          value={typing ? OTHER : (value ?? '')}
          onChange={(e) => {
            const v = e.target.value;
            setTyping(v === OTHER);
            if (v !== OTHER) onChange(v || undefined);
            else if (char.length === 1) onChange(char);
          }}
        >
          <option value="">{detected !== undefined ? `${delimiterLabel(detected)} · detected` : 'Detected'}</option>
          {DELIMITERS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
          <option value={OTHER}>Other…</option>
        </select>
        {typing && (
          <input
            className="input mono"
            style={{ width: 44, textAlign: 'center' }}
            aria-label="Delimiter character"
            maxLength={1}
            value={char}
            autoFocus
            onChange={(e) => {
              setChar(e.target.value);
              if (e.target.value.length === 1) onChange(e.target.value);
            }}
          />
        )}
      </div>
    </div>
  );
}

export function ReadOptions({ preview, options, onChange }: { preview?: ImportPreviewInfo; options: ImportFileOptions; onChange(next: ImportFileOptions): void }) {
  const isText = !preview || preview.format === 'csv';
  return (
    <div className="param-form">
      <HeaderRowField value={options.headerRow ?? preview?.headerRow} onCommit={(headerRow) => onChange(withLayout(options, { headerRow }))} />
      {isText && <DelimiterField detected={preview?.delimiter} value={options.delimiter} onChange={(delimiter) => onChange(withLayout(options, { delimiter }))} />}
      {isText && (
        <div className="field" style={{ width: 210 }}>
          <label className="field__label" htmlFor="import-encoding">
            Encoding
          </label>
          <select id="import-encoding" className="select" value={options.encoding ?? ''} onChange={(e) => onChange(withLayout(options, { encoding: e.target.value || undefined }))}>
            <option value="">{preview?.encoding ? `${preview.encoding} · detected` : 'Detected'}</option>
            {ENCODINGS.map((enc) => (
              <option key={enc.value} value={enc.value}>
                {enc.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {preview?.sheets && preview.sheets.length > 0 && (
        <div className="field" style={{ width: 210 }}>
          <label className="field__label" htmlFor="import-sheet">
            Sheet
          </label>
          <select id="import-sheet" className="select" value={options.sheet ?? preview.sheet ?? ''} onChange={(e) => onChange(withLayout(options, { sheet: e.target.value }))}>
            {preview.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

/**
 * The SQL editor (CodeMirror 6): highlighting, table/column completion from the workspace,
 * Ctrl/Cmd+Enter to run (the selection, or everything), Escape to cancel, and the error spot
 * underlined with its message.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { diagnosticCount, setDiagnostics } from '@codemirror/lint';
import { PostgreSQL, SQLDialect, sql, type SQLNamespace } from '@codemirror/lang-sql';
import { tags } from '@lezer/highlight';
import type { SqlErrorSpot } from './sqlErrorPosition.js';

export interface SqlEditorHandle {
  setText(text: string): void;
  getText(): string;
  /** The selected text and where it starts, or the whole query. */
  getQuery(): { text: string; offset: number };
  focus(): void;
  showError(spot: SqlErrorSpot | undefined, message: string, offset: number): void;
}

export interface SqlSchema {
  tables: { name: string; columns: string[] }[];
  keywords: string[];
}

interface SqlEditorProps {
  initialText: string;
  schema?: SqlSchema;
  onRun(): void;
  onCancel(): void;
  onChange?(text: string): void;
}

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--syn-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--syn-number)' },
  { tag: [tags.lineComment, tags.blockComment, tags.comment], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--syn-type)' },
  { tag: [tags.special(tags.name), tags.quote], color: 'var(--syn-quoted)' },
  { tag: [tags.operator, tags.punctuation, tags.bracket], color: 'var(--syn-operator)' },
  { tag: tags.name, color: 'var(--syn-name)' },
]);

const editorTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', height: '100%' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6' },
  '.cm-content': { caretColor: 'var(--accent)', padding: '8px 0' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-faint)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 6%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 10%, transparent)', color: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--accent)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border-strong)', borderRadius: '6px', boxShadow: 'var(--shadow)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--danger)', textUnderlineOffset: '3px', backgroundColor: 'var(--danger-soft)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: 'none' },
});

function languageFor(schema: SqlSchema | undefined) {
  const namespace: SQLNamespace = {};
  for (const t of schema?.tables ?? []) namespace[t.name] = t.columns;
  const extra = (schema?.keywords ?? []).map((k) => k.toLowerCase()).join(' ');
  const dialect = extra ? SQLDialect.define({ ...PostgreSQL.spec, keywords: `${PostgreSQL.spec.keywords ?? ''} ${extra}` }) : PostgreSQL;
  return sql({ dialect, schema: namespace, upperCaseKeywords: true });
}

export const SqlEditor = forwardRef<SqlEditorHandle, SqlEditorProps>(function SqlEditor({ initialText, schema, onRun, onCancel, onChange }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const callbacks = useRef({ onRun, onCancel, onChange });
  callbacks.current = { onRun, onCancel, onChange };

  useEffect(() => {
    if (!host.current) return;
    const runKeys = Prec.highest(
      keymap.of([
        { key: 'Mod-Enter', run: () => (callbacks.current.onRun(), true) },
        { key: 'Escape', run: () => (callbacks.current.onCancel(), false) },
      ]),
    );
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          runKeys,
          basicSetup,
          language.current.of(languageFor(undefined)),
          syntaxHighlighting(highlight),
          editorTheme,
          EditorView.contentAttributes.of({ 'aria-label': 'SQL query' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            callbacks.current.onChange?.(u.state.doc.toString());
            // Editing clears the error mark (after this update: no dispatch inside an update).
            if (diagnosticCount(u.state) > 0) window.setTimeout(() => u.view.dispatch(setDiagnostics(u.view.state, [])));
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; its text is changed through the handle.
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(languageFor(schema)) });
  }, [schema]);

  useImperativeHandle(
    ref,
    () => ({
      setText(text) {
        const v = view.current;
        if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: text.length } });
      },
      getText: () => view.current?.state.doc.toString() ?? '',
      getQuery() {
        const v = view.current;
        if (!v) return { text: '', offset: 0 };
        const sel = v.state.selection.main;
        if (!sel.empty) return { text: v.state.sliceDoc(sel.from, sel.to), offset: sel.from };
        return { text: v.state.doc.toString(), offset: 0 };
      },
      focus: () => view.current?.focus(),
      showError(spot, message, offset) {
        const v = view.current;
        if (!v) return;
        if (!spot) {
          v.dispatch(setDiagnostics(v.state, []));
          return;
        }
        const len = v.state.doc.length;
        const from = Math.min(len, spot.from + offset);
        const to = Math.min(len, Math.max(from, spot.to + offset));
        v.dispatch(setDiagnostics(v.state, [{ from, to, severity: 'error', message }]), { selection: { anchor: from }, scrollIntoView: true });
      },
    }),
    [],
  );

  return <div className="sql-editor" ref={host} data-testid="sql-editor" />;
});

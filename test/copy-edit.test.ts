/**
 * Copy edit of what users read: the renderer's and shared code's strings and JSX text. Finds a
 * count written next to a plural noun without `plural()`/`countOf()` ("1 rows"), a possessive on
 * an interpolated name ("MailParticipants's"), and doubled punctuation (". .", ": :", ",,", "..").
 * The rendered screens get the same text checks in the e2e walk (test/e2e/copyChecks.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copyProblems } from './e2e/copyChecks.js';

const ROOT = join(import.meta.dirname, '..');
const NOUNS = 'rows|files|tables|columns|groups|lines|combinations|attributes|values|findings|weeks|people|records|sheets|datasets|joins|errors|warnings';
/** `${n} rows` / `{formatCount(n)} rows`: a count whose noun does not follow it. Constants (XLSX_MAX_ROWS) are always many. */
const BARE_COUNT = new RegExp(`(\\$\\{(?![A-Z_]+[.}\\s])[^}]*\\}|\\{formatCount\\((?![A-Z_]+\\))[^)]*\\)\\})\\s+(${NOUNS})\\b`, 'g');
const POSSESSIVE = /(\$\{[^}]*\}|\{[a-zA-Z.]+\})['’]s\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** The user-visible text of a source line: string literals and JSX text (not imports, paths or code). */
function textsOf(line: string): string[] {
  if (/^\s*(import|export \{|\/\/|\*|\/\*)/.test(line)) return [];
  const texts: string[] = [];
  for (const m of line.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)) if (!/^[./@]|\/[\w.]/.test(m[2])) texts.push(m[2]);
  for (const m of line.matchAll(/>([^<>{}]*[A-Za-z][^<>{}]*)</g)) texts.push(m[1]);
  return texts;
}

describe('copy edit of user-visible strings', () => {
  const files = [...sourceFiles(join(ROOT, 'renderer', 'src')), ...sourceFiles(join(ROOT, 'shared'))];

  it('scans the renderer and shared sources', () => {
    assert.ok(files.length > 50, `only ${files.length} files found`);
  });

  it('every count next to a plural noun agrees with it (no "1 rows")', () => {
    const found: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(BARE_COUNT)) found.push(`${relative(ROOT, f)}:${i + 1}: ${m[0]}`);
        });
    }
    assert.deepEqual(found, [], 'use plural() (renderer) or countOf() (shared, backend)');
  });

  it('no possessive on an interpolated name ("MailParticipants\'s")', () => {
    const found: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(POSSESSIVE)) found.push(`${relative(ROOT, f)}:${i + 1}: ${m[0]}`);
        });
    }
    assert.deepEqual(found, []);
  });

  it('no doubled punctuation or empty labels in strings and JSX text', () => {
    const found: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const t of textsOf(line)) for (const p of copyProblems(t)) found.push(`${relative(ROOT, f)}:${i + 1}: ${p}`);
        });
    }
    assert.deepEqual(found, []);
  });

  it('the checks themselves catch what they are for', () => {
    assert.deepEqual(copyProblems('Loaded 1 rows'), ['"1 rows"']);
    assert.equal(copyProblems("Every line of MailParticipants's files").length, 1);
    assert.equal(copyProblems('Candidate bindings: : "x"').length, 1);
    assert.equal(copyProblems('Done..').length, 1);
    assert.deepEqual(copyProblems('Loaded 1 row, 2 rows and 1,000 rows… Wait...'), []);
    assert.ok('`${n} rows`'.match(BARE_COUNT));
    assert.ok('{formatCount(t.rows)} rows'.match(BARE_COUNT));
    assert.equal('`${XLSX_MAX_ROWS} rows`'.match(BARE_COUNT), null);
    assert.ok("{table}'s files".match(POSSESSIVE));
  });
});

/**
 * Copy problems in text a user reads, for the static scan (test/copy-edit.test.ts) and for the
 * rendered screens in the e2e walk: a singular count with a plural noun ("1 rows"), a possessive
 * "'s" on a word already ending in s ("MailParticipants's"), doubled punctuation.
 */
const NOUNS = 'rows|files|tables|columns|groups|lines|combinations|attributes|values|findings|weeks|records|sheets|datasets|joins|errors|warnings|people|seconds|minutes|hours|days';

const CHECKS: { re: RegExp; what: (m: RegExpMatchArray) => string }[] = [
  { re: new RegExp(`(?<![\\d.,:])\\b1 (${NOUNS})\\b`, 'g'), what: (m) => `"${m[0]}"` },
  { re: /\b\w*s['’]s\b/g, what: (m) => `possessive "${m[0]}"` },
  { re: /:\s+:|::(?=[\s"'`]|$)/g, what: (m) => `doubled colon "${m[0]}"` },
  { re: /(?<!\.)\.\.(?!\.)/g, what: (m) => `doubled full stop "${m[0]}"` },
  { re: /,\s*,|;\s*;|[!?]\s*[.!?]|\.\s+\.(?!\.)/g, what: (m) => `doubled punctuation "${m[0]}"` },
];

export function copyProblems(text: string): string[] {
  const found: string[] = [];
  // Code inside a template literal (`${a ?? b}`) is not text.
  text = text.replace(/\$\{[^}]*\}/g, 'N');
  for (const c of CHECKS) for (const m of text.matchAll(c.re)) found.push(c.what(m));
  return found;
}

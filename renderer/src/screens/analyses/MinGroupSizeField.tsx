/**
 * The minimum group size: shown on every analysis, raisable, never below 5 (the field refuses
 * lower values and says why).
 */
import { HIGHEST_MIN_GROUP_SIZE, LOWEST_MIN_GROUP_SIZE } from '../../../../shared/privacy.js';

export function minGroupSizeProblem(text: string): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n)) return 'Enter a whole number.';
  // Checked on the text: beyond 2^53 the number itself is already rounded (99999999999999999999 reads as 1e20).
  if (n > HIGHEST_MIN_GROUP_SIZE || !Number.isSafeInteger(n)) return `${HIGHEST_MIN_GROUP_SIZE.toLocaleString()} is the highest allowed: a larger minimum hides every group.`;
  if (n < LOWEST_MIN_GROUP_SIZE) return `${LOWEST_MIN_GROUP_SIZE} is the lowest allowed: smaller groups could single people out.`;
  return undefined;
}

/** `id` must be unique in the page (screens stay mounted side by side). */
export function MinGroupSizeField({ text, onText, onCommit, id = 'min-group-size' }: { text: string; onText(t: string): void; onCommit(): void; id?: string }) {
  const problem = minGroupSizeProblem(text);
  return (
    <div className="field" style={{ width: 150 }}>
      <label className="field__label" htmlFor={id}>
        Minimum group size
      </label>
      <input
        id={id}
        className="input num"
        type="number"
        min={LOWEST_MIN_GROUP_SIZE}
        step={1}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => onText(e.target.value)}
        onBlur={() => {
          if (Number(text) < LOWEST_MIN_GROUP_SIZE) onText(String(LOWEST_MIN_GROUP_SIZE));
          onCommit();
        }}
        onKeyDown={(e) => e.key === 'Enter' && onCommit()}
      />
      <span id={`${id}-help`} className="field__help" style={problem ? { color: 'var(--danger)' } : undefined}>
        {problem ?? 'distinct people; 5 or more'}
      </span>
    </div>
  );
}

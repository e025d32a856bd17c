/**
 * The minimum group size: shown on every analysis, raisable, never below 5 (the field refuses
 * lower values and says why).
 */
import { LOWEST_MIN_GROUP_SIZE } from '../../../../shared/privacy.js';

export function minGroupSizeProblem(text: string): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n)) return 'Enter a whole number.';
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

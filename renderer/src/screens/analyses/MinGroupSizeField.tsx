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

export function MinGroupSizeField({ text, onText, onCommit }: { text: string; onText(t: string): void; onCommit(): void }) {
  const problem = minGroupSizeProblem(text);
  return (
    <div className="field" style={{ width: 150 }}>
      <label className="field__label" htmlFor="min-group-size">
        Minimum group size
      </label>
      <input
        id="min-group-size"
        className="input num"
        type="number"
        min={LOWEST_MIN_GROUP_SIZE}
        step={1}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby="min-group-size-help"
        onChange={(e) => onText(e.target.value)}
        onBlur={() => {
          if (Number(text) < LOWEST_MIN_GROUP_SIZE) onText(String(LOWEST_MIN_GROUP_SIZE));
          onCommit();
        }}
        onKeyDown={(e) => e.key === 'Enter' && onCommit()}
      />
      <span id="min-group-size-help" className="field__help" style={problem ? { color: 'var(--danger)' } : undefined}>
        {problem ?? 'distinct people; 5 or more'}
      </span>
    </div>
  );
}

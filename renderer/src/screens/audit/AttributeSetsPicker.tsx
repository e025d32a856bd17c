/**
 * Which HR attribute combinations the k-anonymity check measures: the backend's defaults (each
 * categorical attribute alone, and the export's HR attributes together), or sets the admin builds
 * from PersonAttributes' columns — joined HR columns included.
 */
import { Icon } from '../../components/Icon.js';
import type { AttributeSets } from './attributeSets.js';

function AttributeSet({ index, set, attributes, onChange, onRemove }: { index: number; set: string[]; attributes: string[]; onChange(set: string[]): void; onRemove(): void }) {
  const label = `Set ${index + 1}`;
  const left = attributes.filter((a) => !set.includes(a));
  return (
    <div className="attribute-set" role="group" aria-label={label} data-testid="attribute-set">
      <strong style={{ width: 48 }}>{label}</strong>
      {set.length === 0 && <span className="faint">no attribute yet</span>}
      {set.map((a) => (
        <span key={a} className="badge badge--accent">
          {a}
          <button type="button" className="chip-remove" onClick={() => onChange(set.filter((x) => x !== a))} aria-label={`Remove ${a} from ${label}`}>
            <Icon name="x" size={10} />
          </button>
        </span>
      ))}
      {left.length > 0 && (
        <select className="select" style={{ width: 190 }} aria-label={`Add an attribute to ${label}`} value="" onChange={(e) => e.target.value && onChange([...set, e.target.value])}>
          <option value="">Add an attribute…</option>
          {left.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="btn btn--sm btn--ghost" onClick={onRemove} aria-label={`Remove ${label}`}>
        <Icon name="x" size={12} /> Remove set
      </button>
    </div>
  );
}

export function AttributeSetsPicker({ attributes, sets, onChange }: { attributes: string[]; sets: AttributeSets; onChange(sets: AttributeSets): void }) {
  return (
    <fieldset className="fieldset stack" style={{ gap: 'var(--space-2)' }}>
      <legend className="field__label" style={{ marginBottom: 6 }}>
        Attribute combinations for the k-anonymity check
      </legend>
      <label className="checkbox">
        <input type="radio" name="audit-attribute-sets" checked={sets === undefined} onChange={() => onChange(undefined)} />
        Default: each categorical HR attribute alone, and the export’s HR attributes together
      </label>
      <label className="checkbox">
        <input type="radio" name="audit-attribute-sets" checked={sets !== undefined} onChange={() => onChange(sets ?? [[]])} disabled={attributes.length === 0} />
        Choose the combinations
        {attributes.length === 0 && <span className="faint"> (no HR attributes in this workspace)</span>}
      </label>
      {sets !== undefined && (
        <div className="stack" style={{ gap: 'var(--space-2)', paddingLeft: 24 }}>
          {sets.map((set, i) => (
            <AttributeSet
              key={i}
              index={i}
              set={set}
              attributes={attributes}
              onChange={(next) => onChange(sets.map((s, j) => (j === i ? next : s)))}
              onRemove={() => onChange(sets.filter((_, j) => j !== i))}
            />
          ))}
          <div className="row">
            <button type="button" className="btn btn--sm" onClick={() => onChange([...sets, []])}>
              Add a combination
            </button>
            <span className="field__help">People count in a combination of all the attributes of a set; a set of one attribute checks that attribute alone.</span>
          </div>
        </div>
      )}
    </fieldset>
  );
}

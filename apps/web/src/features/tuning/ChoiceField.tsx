// A setting picked from the schema's list (the change stream's mode): a select beside the
// number fields, with the same help, "now" and error lines.
import { useId } from 'react';
import type { FieldSpec } from './fields';

interface Props {
  spec: FieldSpec;
  value: string;
  current: string;
  dirty: boolean;
  error: string | undefined;
  disabled: boolean;
  onChange(value: string): void;
}

export function ChoiceField({ spec, value, current, dirty, error, disabled, onChange }: Props) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}${dirty ? ' is-dirty' : ''}`} data-testid={`field-${spec.name}`}>
      <label htmlFor={id} className="field-label">
        {spec.label} <span className="field-range">{spec.options!.join(' · ')}</span>
      </label>
      <div className="field-inputs">
        <select
          id={id}
          name={spec.name}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help`}
          onChange={(e) => onChange(e.target.value)}
        >
          {spec.options!.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </div>
      {error ? (
        <p className="field-error" role="alert" id={`${id}-help`} data-testid="field-error">{error}</p>
      ) : (
        <p className="field-help" id={`${id}-help`}>
          {spec.help}
          {dirty && <span className="field-was"> Now {current}.</span>}
        </p>
      )}
    </div>
  );
}

// One setting: label, range and help from the schema, a number box, an optional log slider,
// and the server's message beside it when it rejected the value.
import { useId } from 'react';
import type { FieldSpec } from './fields';
import { SLIDER_STEPS, sliderToValue, valueToSlider } from './logScale';

interface Props {
  spec: FieldSpec;
  value: string;
  current: number;
  dirty: boolean;
  error: string | undefined;
  disabled: boolean;
  onChange(value: string): void;
}

export function NumberField({ spec, value, current, dirty, error, disabled, onChange }: Props) {
  const id = useId();
  const n = Number(value);
  const sliderPos = valueToSlider(Number.isFinite(n) && value.trim() !== '' ? n : current, spec.min, spec.max);
  return (
    <div className={`field${error ? ' has-error' : ''}${dirty ? ' is-dirty' : ''}`} data-testid={`field-${spec.name}`}>
      <label htmlFor={id} className="field-label">
        {spec.label} <span className="field-range">{spec.min.toLocaleString()}–{spec.max.toLocaleString()} {spec.unit}</span>
      </label>
      <div className="field-inputs">
        {spec.slider && (
          <input
            type="range"
            aria-label={`${spec.label} (log scale)`}
            min={0}
            max={SLIDER_STEPS}
            value={sliderPos}
            disabled={disabled}
            onChange={(e) => onChange(String(sliderToValue(Number(e.target.value), spec.min, spec.max)))}
          />
        )}
        <input
          id={id}
          name={spec.name}
          type="number"
          inputMode={spec.integer ? 'numeric' : 'decimal'}
          step={spec.integer ? 1 : 'any'}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help`}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      {error ? (
        <p className="field-error" role="alert" id={`${id}-help`} data-testid="field-error">{error}</p>
      ) : (
        <p className="field-help" id={`${id}-help`}>
          {spec.help}
          {dirty && <span className="field-was"> Now {current.toLocaleString()} {spec.unit}.</span>}
        </p>
      )}
    </div>
  );
}

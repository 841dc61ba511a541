// Live tuning of the batching trade-off: latency (short interval) against Redis write load.
import type { FormEvent } from 'react';
import { useLive } from '../../live/LiveContext';
import { FIELD_SPECS } from './fields';
import { ChoiceField } from './ChoiceField';
import { isDirty } from './form';
import { LastChange } from './LastChange';
import { NumberField } from './NumberField';
import { TokenPrompt } from './TokenPrompt';
import { useTuningForm } from './useTuningForm';

export function TuningPanel() {
  const live = useLive();
  const form = useTuningForm(live.config);
  const { config, values } = form;
  if (!config || !values) {
    return <section className="panel"><h2>Tuning</h2><div className="empty">Waiting for the settings…</div></section>;
  }
  const s = config.settings;
  const dirty = FIELD_SPECS.filter((f) => isDirty(values, s, f.name));
  const locked = form.readOnly || form.phase === 'saving';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.apply();
  };
  return (
    <section className="panel" aria-labelledby="tuning-title" data-testid="tuning">
      <header className="panel-head">
        <h2 id="tuning-title">Tuning</h2>
        {form.readOnly && <span className="pill tone-muted" data-testid="read-only">read-only</span>}
        {!form.readOnly && config.access.tokenRequired && <span className="hint">changes need the admin token</span>}
      </header>
      <p className="current-settings" data-testid="current-settings">
        Now: interval <b>{s.batchIntervalMs} ms</b> · batch <b>{s.maxBatchSize}</b> · depth <b>{s.depth}</b> ·
        min change <b>{s.minChangeBps} bps</b> · max staleness <b>{s.maxStalenessMs} ms</b> · TTL <b>{s.ttlSeconds} s</b> ·
        {' '}{s.compression} · stream <b>{s.stream === 'off' ? 'off' : `${s.stream}, ${s.streamMaxLen.toLocaleString('en-US')}`}</b>
      </p>
      <LastChange change={config.lastChange} now={live.stats?.now ?? Date.now()} />
      <form className="tuning-form" onSubmit={submit} noValidate>
        {FIELD_SPECS.map((spec) => spec.options ? (
          <ChoiceField
            key={spec.name}
            spec={spec}
            value={values[spec.name]}
            current={String(s[spec.name])}
            dirty={isDirty(values, s, spec.name)}
            error={form.errors[spec.name]}
            disabled={locked}
            onChange={(v) => form.setValue(spec.name, v)}
          />
        ) : (
          <NumberField
            key={spec.name}
            spec={spec}
            value={values[spec.name]}
            current={Number(s[spec.name])}
            dirty={isDirty(values, s, spec.name)}
            error={form.errors[spec.name]}
            disabled={locked}
            onChange={(v) => form.setValue(spec.name, v)}
          />
        ))}
        {form.formError && <p className="form-error" role="alert" data-testid="form-error">{form.formError}</p>}
        <div className="row actions">
          <button type="submit" className="primary" disabled={locked || dirty.length === 0}>
            {form.phase === 'saving' ? 'Applying…' : `Apply${dirty.length > 0 ? ` (${dirty.length})` : ''}`}
          </button>
          <button type="button" onClick={form.reset} disabled={locked || dirty.length === 0}>Discard</button>
          {form.phase === 'saved' && dirty.length === 0 && <span className="ok-text" role="status">Applied.</span>}
        </div>
      </form>
      {form.phase === 'needToken' && (
        <TokenPrompt rejected={form.tokenRejected} busy={false} onSubmit={(t) => void form.apply(t)} onCancel={form.cancelToken} />
      )}
    </section>
  );
}

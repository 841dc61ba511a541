// A labelled figure of a panel's summary row ("Readers subscribed 3").
export function Figure({ testId, label, value, title, tone }: { testId: string; label: string; value: string; title?: string | undefined; tone?: 'warn' | 'bad' | undefined }) {
  return (
    <div className={`figure${tone ? ` tone-${tone}` : ''}`} data-testid={testId} title={title}>
      <span className="figure-label">{label}</span>
      <strong className="figure-value">{value}</strong>
    </div>
  );
}

// The settings the tuning form edits. Ranges and help text are read from the shared schema,
// so the form can never disagree with what the server accepts.
import { LiveSettings } from '@ob/protocol';

export const TUNED_FIELDS = ['batchIntervalMs', 'maxBatchSize', 'depth', 'minChangeBps', 'maxStalenessMs', 'stream', 'streamMaxLen'] as const;
export type TunedField = (typeof TUNED_FIELDS)[number];
/** Fields picked from a list (the schema's enum) rather than typed as a number. */
export const CHOICE_FIELDS: readonly TunedField[] = ['stream'];

export interface FieldSpec {
  name: TunedField;
  label: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
  help: string;
  /** Log-scale slider beside the number box: these span four decades. */
  slider: boolean;
  /** A choice field's allowed values, from the schema (min/max unused then). */
  options?: readonly string[];
}

const LABELS: Record<TunedField, { label: string; unit: string; slider: boolean }> = {
  batchIntervalMs: { label: 'Batch interval', unit: 'ms', slider: true },
  maxBatchSize: { label: 'Max batch size', unit: 'markets', slider: true },
  depth: { label: 'Depth', unit: 'levels', slider: false },
  minChangeBps: { label: 'Min change', unit: 'bps', slider: false },
  maxStalenessMs: { label: 'Max staleness', unit: 'ms', slider: false },
  stream: { label: 'Change stream', unit: '', slider: false },
  streamMaxLen: { label: 'Stream length', unit: 'entries', slider: true },
};

interface Bounds { type?: string; minimum?: number; maximum?: number; description?: string; enum?: readonly string[] }

export function fieldSpec(name: TunedField): FieldSpec {
  const schema = LiveSettings.properties[name] as Bounds;
  return {
    name,
    ...LABELS[name],
    min: schema.minimum ?? 0,
    max: schema.maximum ?? Number.MAX_SAFE_INTEGER,
    integer: schema.type === 'integer',
    help: schema.description ?? '',
    ...(schema.enum ? { options: schema.enum } : {}),
  };
}

export const FIELD_SPECS: readonly FieldSpec[] = TUNED_FIELDS.map(fieldSpec);

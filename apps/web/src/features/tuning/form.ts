// Tuning form state as plain data: what the user typed, against what the server last said.
import type { LiveSettings, LiveSettingsPatch } from '@ob/protocol';
import { CHOICE_FIELDS, TUNED_FIELDS, type TunedField } from './fields';

/** What is in each input: strings, so a half-typed number stays as typed. */
export type FormValues = Record<TunedField, string>;

export function valuesFrom(settings: LiveSettings): FormValues {
  const out = {} as FormValues;
  for (const f of TUNED_FIELDS) out[f] = String(settings[f]);
  return out;
}

export function isDirty(values: FormValues, base: LiveSettings, field: TunedField): boolean {
  return values[field].trim() !== String(base[field]);
}

/**
 * New settings from the server (another operator, or our own apply): fields the user has not
 * touched follow the server; fields with unsaved edits keep the edit.
 */
export function rebase(values: FormValues, oldBase: LiveSettings, newBase: LiveSettings): FormValues {
  const out = { ...values };
  for (const f of TUNED_FIELDS) if (!isDirty(values, oldBase, f)) out[f] = String(newBase[f]);
  return out;
}

/**
 * Only the changed fields. A value that is not a number goes as typed, so the server's
 * validation message (not a guess here) tells the user what is allowed.
 */
export function changedPatch(values: FormValues, base: LiveSettings): LiveSettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const f of TUNED_FIELDS) {
    if (!isDirty(values, base, f)) continue;
    const text = values[f].trim();
    const n = Number(text);
    patch[f] = CHOICE_FIELDS.includes(f) ? text : text !== '' && Number.isFinite(n) ? n : text;
  }
  return patch as LiveSettingsPatch;
}

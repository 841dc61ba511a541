// The tuning form's behaviour: follows the server's config without clobbering unsaved edits,
// sends one PATCH with only the changed fields, and maps the server's answer onto the form.
import { useCallback, useEffect, useState } from 'react';
import type { ConfigResponse } from '@ob/protocol';
import { ApiError, patchConfig } from '../../api/client';
import { TUNED_FIELDS, type TunedField } from './fields';
import { changedPatch, rebase, valuesFrom, type FormValues } from './form';
import { clearToken, readToken, saveToken } from './tokenStore';

export type Phase = 'idle' | 'saving' | 'needToken' | 'saved';

interface State {
  config: ConfigResponse | null;
  values: FormValues | null;
  errors: Partial<Record<TunedField, string>>;
  formError: string | null;
  phase: Phase;
  tokenRejected: boolean;
  /** Set by a 403 even if the config said otherwise. */
  readOnly: boolean;
}

const initial: State = { config: null, values: null, errors: {}, formError: null, phase: 'idle', tokenRejected: false, readOnly: false };

function adopt(s: State, config: ConfigResponse, applied: readonly string[] = []): State {
  let values = s.values && s.config ? rebase(s.values, s.config.settings, config.settings) : valuesFrom(config.settings);
  if (applied.length > 0) {
    values = { ...values };
    for (const f of TUNED_FIELDS) if (applied.includes(f)) values[f] = String(config.settings[f]);
  }
  return { ...s, config, values, readOnly: s.readOnly || config.access.readOnly };
}

export function useTuningForm(live: ConfigResponse | null) {
  const [state, setState] = useState<State>(initial);

  useEffect(() => {
    if (live) setState((s) => adopt(s, live));
  }, [live]);

  const setValue = useCallback((field: TunedField, value: string) => {
    setState((s) => {
      if (!s.values) return s;
      const errors = { ...s.errors };
      delete errors[field];
      return { ...s, values: { ...s.values, [field]: value }, errors, phase: s.phase === 'saved' ? 'idle' : s.phase };
    });
  }, []);

  const reset = useCallback(() => {
    setState((s) => (s.config ? { ...s, values: valuesFrom(s.config.settings), errors: {}, formError: null, phase: 'idle' } : s));
  }, []);

  const apply = useCallback(async (typedToken?: string) => {
    const { values, config } = state;
    if (!values || !config) return;
    const patch = changedPatch(values, config.settings);
    const fields = Object.keys(patch);
    if (fields.length === 0) return;
    const token = typedToken ?? readToken();
    setState((s) => ({ ...s, phase: 'saving', formError: null, errors: {} }));
    try {
      const next = await patchConfig(patch, token);
      if (typedToken) saveToken(typedToken);
      setState((s) => ({ ...adopt(s, next, fields), phase: 'saved', tokenRejected: false }));
    } catch (e) {
      setState((s) => failed(s, e, token));
    }
  }, [state]);

  const cancelToken = useCallback(() => setState((s) => ({ ...s, phase: 'idle' })), []);

  return { ...state, setValue, reset, apply, cancelToken };
}

function failed(s: State, e: unknown, tokenSent: string | null): State {
  const base = { ...s, phase: 'idle' as Phase };
  if (!(e instanceof ApiError)) return { ...base, formError: 'Could not reach the server; nothing was changed.' };
  const body = e.body;
  if (e.status === 401) {
    if (tokenSent) clearToken();
    return { ...base, phase: 'needToken', tokenRejected: tokenSent !== null };
  }
  if (e.status === 403) return { ...base, readOnly: true, formError: body?.message ?? 'This server is read-only.' };
  if (e.status === 400 && body?.fields?.length) {
    const errors: Partial<Record<TunedField, string>> = {};
    const other: string[] = [];
    for (const f of body.fields) {
      if ((TUNED_FIELDS as readonly string[]).includes(f.field)) errors[f.field as TunedField] = f.message;
      else other.push(f.message);
    }
    return { ...base, errors, formError: other.length > 0 ? other.join('; ') : null };
  }
  return { ...base, formError: body?.message ?? e.message };
}

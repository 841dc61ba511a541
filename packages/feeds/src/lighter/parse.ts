// Placeholder until the fast parser lands: same signature, JSON.parse inside.
import type { LighterFrame } from './frames';

export function parseLighterFrame(text: string, receivedTs: number): LighterFrame {
  void receivedTs;
  try { JSON.parse(text); } catch { return { type: 'invalid', reason: 'not JSON' }; }
  return { type: 'invalid', reason: 'parser not implemented yet' };
}

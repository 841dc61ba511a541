// Server frames are checked against the shared schema; anything else is dropped, not rendered.
import { ServerFrame } from '@ob/protocol';
import { checked } from '../api/check';

export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return checked(ServerFrame, value);
}

// Fleet table rows: what each column shows, and the tone of an instance's health.
import type { FleetHealth, FleetInstance } from '@ob/protocol';

export const HEALTH_TONE: Record<FleetHealth, 'ok' | 'warn' | 'bad'> = { ok: 'ok', degraded: 'warn', late: 'warn', stopped: 'bad' };

export const HEALTH_TEXT: Record<FleetHealth, string> = {
  ok: 'ok',
  degraded: 'degraded',
  late: 'not reporting',
  stopped: 'stopped reporting',
};

/** Why an instance is not ok, in a few words ("feed reconnecting", "redis down", "last report 12 s ago"). */
export function healthDetail(x: FleetInstance, now: number): string {
  const ago = Math.max(0, Math.round((now - x.lastSeen) / 1000));
  if (x.health === 'late' || x.health === 'stopped') return `last report ${ago} s ago`;
  if (x.health === 'degraded' && x.report) {
    const why = [];
    if (x.report.feed !== 'connected') why.push(`feed ${x.report.feed}`);
    if (x.report.redis !== 'writable') why.push(`redis ${x.report.redis}`);
    return why.join(', ');
  }
  return '';
}

/** The venues an instance streams (its report's comma list); [] once its report expired. */
export const venuesOf = (x: FleetInstance): string[] => (x.report?.venue ? x.report.venue.split(',') : []);

/** The Venues cell: the names when they fit, else how many (the names go in its tooltip). */
export function venuesText(venues: readonly string[]): string {
  if (venues.length === 0) return '—';
  return venues.length <= 2 ? venues.join(', ') : `${venues.length} venues`;
}

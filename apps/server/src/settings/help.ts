// --help text and the README's settings table, both generated from the schemas.
import { defaultText, rangeText, SETTING_DEFS, type SettingDef } from './defs';
import { allowedSources } from '../sources';

export const PRECEDENCE_TEXT =
  'Precedence: CLI flag > environment variable > (live settings only) the tuning persisted in Redis at {prefix}:config > default.';

function helpEntry(d: SettingDef): string {
  const range = rangeText(d.schema).replace(/\\\|/g, '|');
  return `  --${d.flag}=<value>   env ${d.env}   default ${defaultText(d.schema)}   range ${range}\n      ${d.schema.description ?? ''}`;
}

export function helpText(): string {
  const startup = SETTING_DEFS.filter((d) => d.scope === 'startup').map(helpEntry);
  const live = SETTING_DEFS.filter((d) => d.scope === 'live').map(helpEntry);
  return [
    'Order-book streamer: streams exchange order books into Redis and serves the dashboard.',
    '',
    'Usage: npm start -- [--flag=value | --flag value ...]',
    '',
    'Every setting is also read from its environment variable.',
    PRECEDENCE_TEXT,
    '',
    `Venues for SOURCE: ${allowedSources().join(', ')}.`,
    '',
    'Startup settings (a change needs a restart):',
    ...startup,
    '',
    'Live settings (also changeable from the dashboard or PATCH /api/config):',
    ...live,
    '',
    'Other:',
    '  --help, -h                 this text',
    '  --print-settings-table     the settings as a Markdown table (for the README)',
    '',
  ].join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function settingsTable(): string {
  const rows = SETTING_DEFS.map((d) => `| \`${d.key}\` | \`${d.env}\` | \`--${d.flag}\` | ${cell(defaultText(d.schema))} | ${rangeText(d.schema)} | ${d.scope === 'live' ? 'yes' : 'no'} | ${cell(d.schema.description ?? '')} |`);
  return [
    '| setting | env | flag | default | range | live | description |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    PRECEDENCE_TEXT,
    '',
  ].join('\n');
}

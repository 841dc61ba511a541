// Settings from CLI flags: --batch-interval-ms=200 or --batch-interval-ms 200.
import { coerce, SETTING_DEFS } from './defs';

export interface CliResult {
  values: Map<string, unknown>;
  help: boolean;
  printTable: boolean;
  /** Unknown flags or a flag without a value, one message each. */
  errors: string[];
}

export function parseCli(argv: readonly string[]): CliResult {
  const result: CliResult = { values: new Map(), help: false, printTable: false, errors: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') { result.help = true; continue; }
    if (arg === '--print-settings-table') { result.printTable = true; continue; }
    if (!arg.startsWith('--')) { result.errors.push(`unexpected argument "${arg}" (flags look like --port=9300; see --help)`); continue; }
    const eq = arg.indexOf('=');
    const flag = arg.slice(2, eq === -1 ? undefined : eq);
    const def = SETTING_DEFS.find((d) => d.flag === flag);
    if (!def) { result.errors.push(`unknown option --${flag} (see --help for the list)`); continue; }
    let raw: string | undefined;
    if (eq !== -1) raw = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) raw = argv[++i];
    if (raw === undefined) { result.errors.push(`option --${flag} needs a value, e.g. --${flag}=${String(def.schema.default ?? '')}`); continue; }
    result.values.set(def.key, coerce(raw, def.schema));
  }
  return result;
}

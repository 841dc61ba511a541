// A named section of a generated Markdown file that one tool owns while another writes the rest:
// the memory soak's hour (`npm run test:soak`) lives inside BENCHMARKS.md, which `npm run bench`
// rewrites, so the bench carries the section over and the soak replaces only it.

/** BENCHMARKS.md's section for the memory soak. */
export const SOAK_SECTION = 'soak';

const start = (name: string) => `<!-- ${name}:start -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

function find(text: string, name: string): { from: number; to: number } | undefined {
  const from = text.indexOf(start(name));
  const b = from < 0 ? -1 : text.indexOf(end(name), from);
  return b < 0 ? undefined : { from, to: b + end(name).length };
}

/** The section's body (between its markers, trimmed), or undefined when the text has none. */
export function readSection(text: string, name: string): string | undefined {
  const at = find(text, name);
  return at && text.slice(at.from + start(name).length, at.to - end(name).length).trim();
}

/** `text` with the section's body set to `body` (the section appended at the end when missing). */
export function withSection(text: string, name: string, body: string): string {
  const section = `${start(name)}\n${body.trim()}\n${end(name)}`;
  const at = find(text, name);
  return at ? text.slice(0, at.from) + section + text.slice(at.to) : `${text.trimEnd()}\n\n${section}\n`;
}

// RESP2 request text. Lengths are in bytes (Buffer.byteLength), not UTF-16 units.

/** One bulk string: `$<bytes>\r\n<s>\r\n`. */
export const bulk = (s: string) => '$' + Buffer.byteLength(s) + '\r\n' + s + '\r\n';

/** One command, every argument a bulk string. */
export const respCommand = (...args: string[]) => '*' + args.length + '\r\n' + args.map(bulk).join('');

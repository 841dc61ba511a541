// Asks the test's own Redis how often it ran a command (INFO commandstats), over a raw socket.
import { connect } from 'node:net';

function info(port: number, section: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    sock.setTimeout(5_000);
    sock.once('connect', () => sock.write(`INFO ${section}\r\n`));
    sock.on('data', (d) => {
      data += d.toString();
      const header = /^\$(\d+)\r\n/.exec(data);
      if (header && data.length >= header[0].length + Number(header[1])) {
        sock.end();
        resolve(data.slice(header[0].length));
      }
    });
    sock.once('error', reject);
    sock.once('timeout', () => { sock.destroy(); reject(new Error('redis INFO timed out')); });
  });
}

/** Calls of `command` (e.g. "publish") since the server started. */
export async function commandCalls(port: number, command: string): Promise<number> {
  const text = await info(port, 'commandstats');
  const m = new RegExp(`^cmdstat_${command.toLowerCase()}:calls=(\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Rate of `command` per second over the newest readings spanning at least `windowMs`; call
 * `rate()` from expect.poll: it reads the counter each time and answers null until the window
 * is covered, so no fixed sleep is needed.
 */
export function rateProbe(port: number, command: string, windowMs = 3_000) {
  const readings: Array<{ t: number; calls: number }> = [];
  return {
    reset() { readings.length = 0; },
    async rate(): Promise<number | null> {
      readings.push({ t: Date.now(), calls: await commandCalls(port, command) });
      const last = readings[readings.length - 1]!;
      let first: { t: number; calls: number } | undefined;
      for (const r of readings) if (last.t - r.t >= windowMs) first = r;
      if (!first) return null;
      return (last.calls - first.calls) / ((last.t - first.t) / 1000);
    },
  };
}

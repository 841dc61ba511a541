// A reader as Redis sees it: a raw connection SUBSCRIBEd to a channel, until closed.
import { connect } from 'node:net';

/** Resolves once Redis confirmed the subscription; the function it gives closes the connection. */
export function subscribe(port: number, channel: string): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    sock.setTimeout(5_000);
    sock.once('connect', () => sock.write(`SUBSCRIBE ${channel}\r\n`));
    sock.on('data', (d) => {
      data += d.toString();
      if (data.includes('subscribe')) { sock.setTimeout(0); resolve(() => sock.destroy()); }
    });
    sock.once('error', reject);
    sock.once('timeout', () => { sock.destroy(); reject(new Error('redis SUBSCRIBE timed out')); });
  });
}

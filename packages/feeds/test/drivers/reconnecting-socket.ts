// The test drivers' socket: a real `ws` client that reconnects shortly after every close until
// stopped, telling the driver about each open, frame and close.
import WebSocket from 'ws';

const RECONNECT_MS = 50;

export interface SocketHandlers {
  open(send: (text: string) => void): void;
  message(text: string): void;
  /** After every close, before the reconnect (not after stop()). */
  closed(): void;
}

export function reconnectingSocket(url: string, h: SocketHandlers) {
  let ws: WebSocket | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let reconnects = 0;
  const send = (text: string) => { if (ws?.readyState === WebSocket.OPEN) ws.send(text); };
  const connect = () => {
    const sock = new WebSocket(url);
    ws = sock;
    sock.on('open', () => h.open(send));
    sock.on('message', (d) => h.message(d.toString()));
    sock.on('error', () => {});
    sock.on('close', () => {
      h.closed();
      if (stopped) return;
      reconnects++;
      timer = setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();
  return {
    send,
    /** Closes the socket (it reconnects). */
    close: () => ws?.close(1000),
    reconnects: () => reconnects,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        const done = new Promise((r) => ws!.once('close', r));
        ws.terminate();
        await done;
      }
    },
  };
}

// A minimal HTTP/1.1 keep-alive load generator on raw sockets: N connections, each sending its
// prebuilt request as soon as the previous answer is complete (closed loop), or on a fixed
// schedule (open loop, latency measured from the scheduled send so queueing is not hidden).
// node:http's client costs more CPU than the servers under test; this one stays out of the way.
import { connect } from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

export async function runLoad({ port, requests, durationMs, warmupMs = 500, ratePerSecond }) {
  const latencies = [];
  const statuses = new Map();
  let measuring = false;
  let done = false;
  const sockets = requests.map((request, index) => drive(request, index));

  async function drive(request, index) {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const interval = ratePerSecond ? (requests.length * 1000) / ratePerSecond : 0;
    let scheduled = performance.now() + (interval * index) / requests.length;
    let buffer = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (done) return;
      const now = performance.now();
      if (interval > 0 && scheduled > now) {
        setTimeout(send, scheduled - now);
        return;
      }
      sentAt = interval > 0 ? scheduled : now;
      scheduled += interval;
      socket.write(request);
    };
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const end = buffer.indexOf(HEADER_END);
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        if (measuring) {
          latencies.push(performance.now() - sentAt);
          const status = head.slice(9, 12);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
        send();
      }
    });
    socket.on('error', () => {});
    send();
    return socket;
  }

  const opened = await Promise.all(sockets);
  await sleep(warmupMs);
  measuring = true;
  const started = performance.now();
  await sleep(durationMs);
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  done = true;
  for (const socket of opened) socket.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / elapsed,
    p50: pick(0.5),
    p99: pick(0.99),
    count: latencies.length,
    statuses: Object.fromEntries(statuses),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

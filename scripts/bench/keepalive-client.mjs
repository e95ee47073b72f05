// A minimal HTTP/1.1 client over one kept-alive mTLS connection, for the ingest benchmark's
// simulated devices only. Node's https client costs about 0.2 ms of CPU per request; on a
// 2-core machine shared with the service that is CPU the service cannot use, so the load
// generator measured itself instead of the service. This does what a device needs and no more:
// one request at a time, Content-Length bodies (the service never sends chunked), reconnect when
// the server closed an idle connection. TLS verification is the same as the agent's (pinned CA).
import { connect } from 'node:tls';

const HEADER_END = Buffer.from('\r\n\r\n');

export class KeepAliveClient {
  /** @param {{ url: string, ca: string, key?: string, cert?: string }} options */
  constructor({ url, ca, key, cert }) {
    const { hostname, port } = new URL(url);
    this.host = hostname;
    this.tlsOptions = { host: hostname, port: Number(port), ca, key, cert, minVersion: 'TLSv1.2' };
    this.socket = null;
    this.pending = null;
    this.buffer = Buffer.alloc(0);
  }

  /** @returns {Promise<{ status: number, headers: Record<string, string>, text: string }>} */
  request(method, path, headers = {}, body = '') {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    const payload = Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\ncontent-length: ${payload.length}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      const socket = this.connection();
      socket.write(Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]));
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = null;
  }

  connection() {
    if (this.socket && !this.socket.destroyed && this.socket.writable) return this.socket;
    this.buffer = Buffer.alloc(0);
    const socket = connect(this.tlsOptions);
    socket.on('data', (chunk) => this.onData(chunk));
    const fail = (error) => {
      if (this.socket === socket) this.socket = null;
      this.settle(null, error ?? new Error('connection closed before the response was complete'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
    return socket;
  }

  onData(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const lines = this.buffer.toString('latin1', 0, end).split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (headers['transfer-encoding']) {
      this.close();
      return this.settle(null, new Error(`unsupported transfer-encoding ${headers['transfer-encoding']}`));
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = end + HEADER_END.length;
    if (this.buffer.length < bodyStart + length) return;
    const text = this.buffer.toString('utf8', bodyStart, bodyStart + length);
    this.buffer = this.buffer.subarray(bodyStart + length);
    if (headers.connection === 'close') this.close();
    this.settle({ status, headers, text });
  }

  settle(response, error) {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    if (error) pending.reject(error);
    else pending.resolve(response);
  }
}

// Worker thread for scripts/bench/gateway.mjs: runs one server (bare node:http 200, or the
// forward-auth gateway) on its own event loop, so the load generator on the main thread does not
// share it. Posts the port; stops on any message.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { mode, jwks, issuer, audience } = workerData;
let server;
if (mode === 'bare') {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  });
  server.keepAliveTimeout = 75_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
} else {
  const gateway = await import(new URL('../../gateway/dist/index.js', import.meta.url).href);
  const verifier = gateway.createAttestationVerifier({
    keys: jwks,
    issuer,
    audience,
    ...(mode === 'uncached' ? { cache: false } : {}),
  });
  const forwardAuth = gateway.createForwardAuthServer({ port: 0, verifier, reader: gateway.requestReader() });
  server = forwardAuth.server;
  await forwardAuth.start();
}
parentPort.postMessage({ port: server.address().port });
parentPort.once('message', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

// A worker thread that dies on its first message: the pool's recovery under test.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));

import { createServer } from 'node:net';

/** A loopback port nobody listens on right now, for a server a benchmark starts. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

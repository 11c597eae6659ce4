import type { Server } from 'node:http';
import type express from 'express';

/**
 * Listens with time limits on what a client sends: the headers within 10 s and the whole
 * request within 15 s, so a slow or lying client cannot hold a socket for minutes.
 */
export function listen(app: express.Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server: Server = host ? app.listen(port, host) : app.listen(port);
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

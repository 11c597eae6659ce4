import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type express from 'express';
import { Problem } from './problem';
import { uploadOf } from './uploads';

/**
 * How long a client may take to send a request, so that a slow or lying client cannot hold a
 * socket for long, while a file still comes through on a slow link.
 */
export interface RequestDeadlines {
  /** The headers of any request. */
  headersMs: number;
  /** The whole of any other request. */
  requestMs: number;
  /** The whole of an upload: 10 MB at 64 kB/s takes 160 s. */
  uploadMs: number;
  /** An upload during which no byte arrives for this long is given up. */
  uploadIdleMs: number;
}

/** The OpenAPI document's word on an upload's deadlines, for the routes that take one. */
export const UPLOAD_TIMEOUT_RESPONSE = {
  description: 'The upload did not arrive in time (no byte for 30 s, or not whole within 10 minutes); the connection is closed',
};

export const DEFAULT_DEADLINES: RequestDeadlines = {
  headersMs: 10_000,
  requestMs: 15_000,
  uploadMs: 10 * 60_000,
  uploadIdleMs: 30_000,
};

/**
 * Gives up on a request that did not arrive in time, as Node answers its own request timeout:
 * 408 written on the socket (the handler may still be reading the body, and answers on a
 * connection that is gone once it sees the body break off), then the connection closed.
 */
function giveUp(req: IncomingMessage, res: ServerResponse, detail: string) {
  const socket = req.socket;
  if (!res.headersSent && socket.writable) {
    const body = JSON.stringify(new Problem(408, 'Request Timeout', detail));
    socket.write(
      'HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Node's `requestTimeout` holds for every request of a server alike; these deadlines depend on
 * the route, so each request gets timers of its own, stopped once its body has fully arrived.
 */
function watch(req: IncomingMessage, res: ServerResponse, deadlines: RequestDeadlines) {
  const socket = req.socket;
  const upload = uploadOf(req.method, req.url ?? '') !== undefined;
  let idle: NodeJS.Timeout | undefined;
  const stop = () => {
    clearTimeout(whole);
    clearInterval(idle);
    socket.off('close', stop);
  };
  const expire = (detail: string) => {
    stop();
    if (!req.complete) giveUp(req, res, detail);
  };
  const whole = setTimeout(
    () =>
      expire(
        upload
          ? `An upload must arrive within ${deadlines.uploadMs / 1000} s`
          : `The request must arrive within ${deadlines.requestMs / 1000} s`,
      ),
    upload ? deadlines.uploadMs : deadlines.requestMs,
  );
  if (upload) {
    // Progress is bytes read from the socket; while our side holds the body back (its buffer
    // full: the store is slower than the client), the client is not the one stalling.
    let read = socket.bytesRead;
    let progressAt = Date.now();
    idle = setInterval(
      () => {
        if (req.complete) return stop();
        if (socket.bytesRead !== read || req.readableLength >= req.readableHighWaterMark) {
          read = socket.bytesRead;
          progressAt = Date.now();
        } else if (Date.now() - progressAt >= deadlines.uploadIdleMs)
          expire(`No byte of the upload arrived for ${deadlines.uploadIdleMs / 1000} s`);
      },
      Math.min(1_000, deadlines.uploadIdleMs / 4),
    );
  }
  socket.once('close', stop);
  // A body still arriving after the answer (a refusal read on to its end) keeps its deadline.
  res.once('close', () => req.complete && stop());
  req.once('end', stop);
}

/**
 * Listens with time limits on what a client sends: the headers within 10 s, an upload within
 * 10 minutes with no pause of 30 s, any other request within 15 s (see RequestDeadlines).
 */
export function listen(
  app: express.Express,
  port: number,
  host?: string,
  deadlines: Partial<RequestDeadlines> = {},
): Promise<Server> {
  const limits = { ...DEFAULT_DEADLINES, ...deadlines };
  const server = createServer({ headersTimeout: limits.headersMs, requestTimeout: 0 }, (req, res) => {
    watch(req, res, limits);
    void app(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', reject);
    if (host) server.listen(port, host);
    else server.listen(port);
  });
}

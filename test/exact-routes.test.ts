import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { Routes } from '../api/routes';

// An endpoint without path parameters is found by its method and path at once (api/routes.ts):
// the same endpoint answers as through the router, a path a pattern added before it takes is
// still that pattern's, and the route is named as the router names it (the metrics' label).

describe('endpoints found by their exact path', () => {
  const seen: string[] = [];
  const app = express();
  const router = express.Router();
  const routes = new Routes(router, async () => {
    throw new Error('no tokens here');
  });
  const answer = (name: string) => async () => ({ status: 200, body: { name } });
  const common = {
    summary: 'test',
    tag: 'Test',
    responses: { 200: { description: 'ok', schema: z.object({ name: z.string() }) } },
  };
  routes.add({
    ...common,
    method: 'get',
    path: '/things/:id',
    params: z.object({ id: z.string() }),
    handler: answer('one thing'),
  });
  routes.add({ ...common, method: 'get', path: '/things/all', handler: answer('shadowed') });
  routes.add({ ...common, method: 'get', path: '/ping', compiled: true, handler: answer('ping') });
  app.use((req, res, next) => {
    res.on('finish', () => seen.push(`${req.method} ${(req.route as { path?: string } | undefined)?.path}`));
    next();
  });
  app.use(router);
  const server = app.listen(0);
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers as the router would, naming the route', async () => {
    const get = async (path: string, method = 'GET') => {
      const response = await fetch(`${base()}${path}`, { method });
      return [response.status, method === 'HEAD' ? undefined : await response.json(), response.headers.get('content-type')];
    };
    expect(await get('/ping')).toEqual([200, { name: 'ping' }, 'application/json; charset=utf-8']);
    expect(await get('/PING/')).toEqual([200, { name: 'ping' }, 'application/json; charset=utf-8']);
    expect(await get('/ping', 'HEAD')).toEqual([200, undefined, 'application/json; charset=utf-8']);
    expect(await get('/things/all')).toEqual([200, { name: 'one thing' }, 'application/json; charset=utf-8']);
    expect(seen).toEqual(['GET /ping', 'GET /ping', 'HEAD /ping', 'GET /things/:id']);
  });
});

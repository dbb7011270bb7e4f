/**
 * The transport contract: what every `Transport` must do, run against each implementation
 * (`transport.test.ts`) over the same real HTTP server on 127.0.0.1, so they all see the
 * same server behaviour. A transport that passes can carry the queue.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, NetworkError, TimeoutError, type Transport, type TransportRequest } from '../src/index';

interface ContractServer {
  base: string;
  /** A port nothing listens on. */
  closedBase: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The server every transport is tried against. */
export async function startContractServer(): Promise<ContractServer> {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const tag = new URL(request.url ?? '/', 'http://x').searchParams.get('tag');
    if (tag) hits.set(tag, (hits.get(tag) ?? 0) + 1);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(JSON.stringify(value));
      };
      switch (url.pathname) {
        case '/json':
          return json(200, { hello: '世界', n: 1 }, { 'X-Test': 'yes' });
        case '/echo':
          return json(200, {
            method: request.method,
            contentType: request.headers['content-type'] ?? null,
            authorization: request.headers.authorization ?? null,
            custom: request.headers['x-custom'] ?? null,
            bytes: body.byteLength,
            body: body.byteLength && /json/.test(String(request.headers['content-type'])) ? JSON.parse(body.toString('utf8')) : null,
            head: [...body.subarray(0, 4)],
          });
        case '/status': {
          const status = Number(url.searchParams.get('code'));
          const retryAfter = url.searchParams.get('retryAfter');
          return json(status, { error: { code: 'internal', message: `status ${status}` } }, retryAfter ? { 'Retry-After': retryAfter } : {});
        }
        case '/slow':
          return setTimeout(() => json(200, { slow: true }), Number(url.searchParams.get('ms')));
        case '/stall':
          // Headers now, the body never: a body read must time out too.
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"partial":');
          return;
        case '/invalid':
          response.writeHead(200, { 'content-type': 'application/json' });
          return response.end('{nope');
        case '/hits':
          return json(200, { hits: hits.get(url.searchParams.get('of') ?? '') ?? 0 });
        case '/empty':
          response.writeHead(204);
          return response.end();
        case '/destroy':
          return request.socket.destroy();
        default:
          return json(404, { error: { code: 'not_found', message: 'no route' } });
      }
    });
  });
  const port = await listen(server);
  const spare = createServer();
  const closedPort = await listen(spare);
  await new Promise((resolve) => spare.close(resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    closedBase: `http://127.0.0.1:${closedPort}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const request = (url: string, rest: Partial<TransportRequest> = {}): TransportRequest => ({
  method: 'GET',
  url,
  headers: { accept: 'application/json' },
  timeoutMs: 5_000,
  ...rest,
});

/**
 * The contract suite.
 *
 * @example transportContract('ky', () => createKyTransport());
 */
export function transportContract(name: string, makeTransport: () => Transport): void {
  describe(`transport contract: ${name}`, () => {
    let server: ContractServer;
    let transport: Transport;
    beforeAll(async () => {
      server = await startContractServer();
      transport = makeTransport();
    });
    afterAll(() => server.close());

    it('reads a JSON answer, status and headers (case-insensitively)', async () => {
      const response = await transport.send(request(`${server.base}/json`));
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ hello: '世界', n: 1 });
      expect(response.headers('x-test')).toBe('yes');
      expect(response.headers('X-Test')).toBe('yes');
      expect(response.headers('x-absent')).toBeNull();
    });

    it('sends a JSON body with its content type and the given headers', async () => {
      const response = await transport.send(
        request(`${server.base}/echo`, { method: 'POST', json: { submissions: [{ id: 'a', text: '扣款' }] }, headers: { authorization: 'Bearer s3cret', 'x-custom': 'c' } }),
      );
      expect(response.json).toMatchObject({
        method: 'POST',
        authorization: 'Bearer s3cret',
        custom: 'c',
        body: { submissions: [{ id: 'a', text: '扣款' }] },
      });
      expect((response.json as { contentType: string }).contentType).toMatch(/^application\/json/);
    });

    it('sends a raw body (an image upload) with the given content type', async () => {
      const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], { type: 'image/png' });
      const response = await transport.send(request(`${server.base}/echo`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } }));
      expect(response.json).toMatchObject({ contentType: 'image/png', bytes: 7, head: [0x89, 0x50, 0x4e, 0x47] });
    });

    it.each([400, 401, 404, 413, 429, 500, 503])('resolves (never throws) on HTTP %i, with the error body', async (status) => {
      const response = await transport.send(request(`${server.base}/status?code=${status}`));
      expect(response.status).toBe(status);
      expect(response.json).toEqual({ error: { code: 'internal', message: `status ${status}` } });
    });

    it('exposes Retry-After, in seconds or as an HTTP date', async () => {
      const seconds = await transport.send(request(`${server.base}/status?code=429&retryAfter=7`));
      expect(seconds.headers('retry-after')).toBe('7');
      const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
      const dated = await transport.send(request(`${server.base}/status?code=503&retryAfter=${encodeURIComponent(date)}`));
      expect(dated.headers('Retry-After')).toBe(date);
    });

    it('gives undefined json for a body that is not JSON, and for no body', async () => {
      const invalid = await transport.send(request(`${server.base}/invalid`));
      expect(invalid.status).toBe(200);
      expect(invalid.json).toBeUndefined();
      const empty = await transport.send(request(`${server.base}/empty`));
      expect(empty.status).toBe(204);
      expect(empty.json).toBeUndefined();
    });

    it('times out with TimeoutError when the headers are late', async () => {
      const started = Date.now();
      const error = await transport.send(request(`${server.base}/slow?ms=2000`, { timeoutMs: 200 })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as ClientError).code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('times out with TimeoutError when the body stalls', async () => {
      const error = await transport.send(request(`${server.base}/stall`, { timeoutMs: 300 })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
    });

    it('fails with NetworkError when the connection is refused', async () => {
      const error = await transport.send(request(`${server.closedBase}/json`)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as ClientError).code).toBe('network_error');
    });

    it('fails with NetworkError when the connection drops before an answer', async () => {
      const error = await transport.send(request(`${server.base}/destroy`)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
    });

    it('fails with NetworkError when aborted', async () => {
      const controller = new AbortController();
      const sent = transport.send(request(`${server.base}/slow?ms=2000`, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      await expect(sent).rejects.toBeInstanceOf(NetworkError);
    });

    it('does not retry by itself: one request, one answer', async () => {
      const tag = `once-${Math.random()}`;
      for (const code of [503, 429, 408]) expect((await transport.send(request(`${server.base}/status?code=${code}&tag=${tag}-${code}`))).status).toBe(code);
      for (const code of [503, 429, 408]) expect((await transport.send(request(`${server.base}/hits?of=${tag}-${code}`))).json).toEqual({ hits: 1 });
    });
  });
}

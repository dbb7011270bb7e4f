import { buildOpenApiDocument } from '@fankui/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/app';
import { OPENAPI_INFO_VERSION } from '../src/app/meta';
import { silentLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/server';
import { createSqliteStore } from '../src/store/sqlite';

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

/** `METHOD /path/{param}` for every operation of the document. */
function documented(document: Record<string, unknown>): string[] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.keys(operations).filter((key) => METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('the server and its OpenAPI document', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, logLevel: 'silent' }, { store: createSqliteStore({ memory: true }), logger: silentLogger });
  });
  afterAll(() => server.close());

  it('registers exactly the documented routes', () => {
    const app = createApp({ store: server.store, logger: silentLogger });
    const registered = app.routes
      .filter((route) => route.method !== 'ALL') // middleware
      .map((route) => `${route.method} ${route.path.replace(/:([^/]+)/g, '{$1}')}`);
    const expected = documented(buildOpenApiDocument({ version: OPENAPI_INFO_VERSION }));
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual([...expected].sort());
  });

  it('serves that document at /v1/openapi.json', async () => {
    const response = await fetch(`${server.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const served = (await response.json()) as Record<string, unknown>;
    expect(served).toEqual(buildOpenApiDocument({ version: OPENAPI_INFO_VERSION }));
    expect(documented(served)).toContain('POST /v1/submissions');
  });
});

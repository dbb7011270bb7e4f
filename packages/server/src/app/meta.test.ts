import { ApiIndex } from '@fankui/core/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { createSqliteStore } from '../store/sqlite';
import { createApp } from './app';

describe('the API root', () => {
  const store = createSqliteStore({ memory: true });
  afterAll(() => store.close());
  const app = createApp({ store, logger: silentLogger });

  it('answers GET / with links that lead somewhere', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    const index = ApiIndex.parse(await response.json());
    expect(index).toMatchObject({ name: 'fankui-server', protocol: 'v1', docs: { protocol: 'docs/protocol/README.md', server: 'docs/server.md' } });
    expect(index.links).toEqual({ health: '/healthz', ready: '/readyz', openapi: '/v1/openapi.json', config: '/v1/config' });
    for (const path of Object.values(index.links)) expect((await app.request(path)).status, path).toBe(200);
  });

  it('answers other methods on / with 405', async () => {
    const response = await app.request('/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

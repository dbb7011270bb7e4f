import { createMiniTransport } from '../src/transport/mini';
import { createKyTransport } from '../src/transport/ky';
import { createFakeWx } from './support/fake-wx';
import { startContractServer, transportContract } from './transport.contract';
import { describe, expect, it } from 'vitest';

transportContract('ky (fetch)', () => createKyTransport());
transportContract('wx.request', () => createMiniTransport(createFakeWx()));
transportContract('Taro.request', () => createMiniTransport(createFakeWx({ style: 'taro' })));

describe('ky transport hooks', () => {
  it('lets integrators add headers or sign requests with ky’s beforeRequest hook', async () => {
    const server = await startContractServer();
    const transport = createKyTransport({ hooks: { beforeRequest: [(request) => void request.headers.set('x-custom', 'signed')] } });
    const response = await transport.send({ method: 'POST', url: `${server.base}/echo`, headers: {}, json: { a: 1 }, timeoutMs: 5_000 });
    expect(response.json).toMatchObject({ custom: 'signed', body: { a: 1 } });
    await server.close();
  });
});

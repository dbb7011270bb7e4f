import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createServerLogger } from './logger';

const dir = mkdtempSync(join(tmpdir(), 'fankui-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that keeps what was written to it. */
function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('createServerLogger', () => {
  it('writes JSON lines to stdout when no log file is configured', () => {
    const out = capture();
    const logger = createServerLogger({ logLevel: 'info', logFile: null }, { out: out.stream });
    logger.log('debug', 'dropped');
    logger.log('info', 'request', { status: 200 });
    logger.close();
    const lines = out.text().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'request', status: 200 })]);
  });

  it('appends to the log file instead, and copies only errors to stderr', () => {
    const file = join(dir, 'nested/server.log');
    const out = capture();
    const err = capture();
    const first = createServerLogger({ logLevel: 'info', logFile: file }, { out: out.stream, err: err.stream });
    first.log('info', 'request', { route: '/v1/tickets', status: 200 });
    first.log('warn', 'request', { route: null, status: 404 });
    first.log('error', 'unhandled error', { requestId: 'r1' });
    first.close();
    first.log('info', 'after close'); // dropped, not thrown
    const second = createServerLogger({ logLevel: 'info', logFile: file }, { out: out.stream, err: err.stream });
    second.log('info', 'listening', { url: 'http://127.0.0.1:1' });
    second.close();

    const logged = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { msg: string; status?: number });
    expect(logged.map((line) => [line.msg, line.status])).toEqual([
      ['request', 200],
      ['request', 404],
      ['unhandled error', undefined],
      ['listening', undefined],
    ]);
    expect(out.text()).toBe('');
    const errors = err.text().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errors).toEqual([expect.objectContaining({ level: 'error', msg: 'unhandled error', requestId: 'r1' })]);
  });
});

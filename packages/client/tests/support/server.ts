/**
 * The reference server for the client's integration and fault tests: a real
 * `fankui-server` on 127.0.0.1 (port 0) over a fresh embedded store in a temp directory.
 * Tests import the server's sources, never its build; the client's own code never imports
 * the server (they share only @fankui/core's protocol).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUserToken, startServer, type ServerConfigInput } from '../../../server/src/index';

export const OPERATOR_TOKEN = 'client-tests-operator-token-0123456789';
export const USER_TOKEN_SECRET = 'client-tests-user-token-secret-0123456789abcdef';

export interface TestServer {
  url: string;
  /** Calls an operator route; returns status and JSON. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Every ticket on the server (all pages of the operator list). */
  allTickets(): Promise<{ id: string; clientId: string; summary: string }[]>;
  userToken(userId: string): string;
  close(): Promise<void>;
}

export async function startTestServer(config: ServerConfigInput = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fankui-client-'));
  const server = await startServer({
    port: 0,
    dataDir,
    logLevel: 'silent',
    operatorTokens: [OPERATOR_TOKEN],
    userTokenSecret: USER_TOKEN_SECRET,
    ...config,
  });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  return {
    url: server.url,
    admin,
    async allTickets() {
      const tickets: { id: string; clientId: string; summary: string }[] = [];
      let cursor: string | null = null;
      do {
        const { json }: { json: { items: { id: string; clientId: string; summary: string }[]; nextCursor: string | null } } = await admin(
          'GET',
          `/v1/admin/tickets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        tickets.push(...json.items);
        cursor = json.nextCursor;
      } while (cursor);
      return tickets;
    },
    userToken: (userId) => signUserToken(USER_TOKEN_SECRET, { sub: userId, expiresInSeconds: 3_600 }),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

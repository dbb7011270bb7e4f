import type { AdminSettingsPatch, OperatorTokenCreate, OperatorTokenInfo, OperatorTokenParams } from '@fankui/core/schema';
import type { z } from 'zod';
import { hashToken, newOperatorToken, type OperatorCredential } from '../auth';
import { toAdminSettings } from '../domain/settings';
import { conflict, notFound } from '../errors';
import { newId } from '../ids';
import type { OperatorTokenRecord } from '../store/store';
import type { RouteHandlers } from './context';

type TokenInfo = z.output<typeof OperatorTokenInfo>;

const CONFIG_TOKEN_PREFIX = 'config:';

const storedToken = (record: OperatorTokenRecord): TokenInfo => ({
  id: record.id,
  name: record.name,
  source: 'store',
  createdAt: record.createdAt,
  revokedAt: record.revokedAt ?? null,
});

/**
 * What the console's settings page and sign-in use: who is signed in, the settings in force
 * (saved over the version read), and the operator tokens. Tokens from the configuration are
 * listed by name (`config:<n>`) but only the configuration can remove them.
 */
export function settingsRoutes(configured: readonly OperatorCredential[]): RouteHandlers {
  return {
    adminSession: {
      handle(c) {
        const operator = c.get('operator');
        return c.json({ operator: { name: operator.name }, tokenSource: operator.source ?? 'config' });
      },
    },
    adminGetSettings: {
      async handle(c, _input, { domain }) {
        return c.json(toAdminSettings(await domain.settings.current()));
      },
    },
    adminUpdateSettings: {
      // A whole form and a FAQ of long answers outgrow the 64 KB of other bodies; still capped.
      maxBodyBytes: (config) => config.limits.batchBytes,
      async handle(c, { body }, { domain }) {
        const saved = await domain.settings.save(body as z.output<typeof AdminSettingsPatch>, c.get('operator'), domain.now());
        return c.json(toAdminSettings(saved));
      },
    },
    adminListOperatorTokens: {
      async handle(c, _input, { domain }) {
        const fromConfig: TokenInfo[] = configured.map((credential, index) => ({
          id: `${CONFIG_TOKEN_PREFIX}${index}`,
          name: credential.name,
          source: 'config',
          createdAt: null,
          revokedAt: null,
        }));
        return c.json({ items: [...fromConfig, ...(await domain.store.listOperatorTokens()).map(storedToken)] });
      },
    },
    adminCreateOperatorToken: {
      async handle(c, { body }, { domain }) {
        const { name } = body as z.output<typeof OperatorTokenCreate>;
        const token = newOperatorToken();
        const record: OperatorTokenRecord = { id: newId('op'), name, tokenHash: hashToken(token), createdAt: domain.now().toISOString(), revokedAt: null };
        await domain.store.addOperatorToken(record);
        return c.json({ ...storedToken(record), token }, 201);
      },
    },
    adminRevokeOperatorToken: {
      async handle(c, { params }, { domain }) {
        const { id } = params as z.output<typeof OperatorTokenParams>;
        if (id.startsWith(CONFIG_TOKEN_PREFIX)) throw conflict('A configured token is removed from the configuration (operatorTokens / FANKUI_OPERATOR_TOKENS), not here');
        const revoked = await domain.store.revokeOperatorToken(id, domain.now().toISOString());
        if (!revoked) throw notFound('operator token');
        return c.json(storedToken(revoked));
      },
    },
  };
}

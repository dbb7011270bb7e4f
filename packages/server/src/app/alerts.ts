import type { AdminAlertQuery, AlertNoticePublish } from '@fankui/core/schema';
import type { z } from 'zod';
import { conflict, notFound } from '../errors';
import { toAdminAlert } from '../domain/alerts';
import type { RouteHandlers } from './context';

type Params = { id: string };

/**
 * Spike alerts and their known-issue notices (admin API). A notice can be published on an
 * open alert only; closing the alert withdraws it from `/v1/config` (it stays on the alert
 * as history). Apps see a change within the notices' cache time (2 s) on every process.
 */
export function alertRoutes(): RouteHandlers {
  return {
    adminListAlerts: {
      async handle(c, { query }, { domain }) {
        const { status, limit } = query as z.output<typeof AdminAlertQuery>;
        return c.json({ items: (await domain.store.listAlerts({ status }, limit)).map(toAdminAlert) });
      },
    },
    adminCloseAlert: {
      async handle(c, { params }, { domain }) {
        const closed = await domain.store.closeAlert((params as Params).id, domain.now().toISOString(), c.get('operator').name);
        if (!closed) throw notFound('alert');
        domain.notices.invalidate();
        return c.json(toAdminAlert(closed));
      },
    },
    adminPublishAlertNotice: {
      async handle(c, { params, body }, { domain }) {
        const { id } = params as Params;
        const { text } = body as z.output<typeof AlertNoticePublish>;
        const alert = await domain.store.setAlertNotice(id, { text, at: domain.now().toISOString(), by: c.get('operator').name });
        if (!alert) {
          if (await domain.store.getAlert(id)) throw conflict('The alert is closed: a notice can be published while it is open');
          throw notFound('alert');
        }
        domain.notices.invalidate();
        return c.json(toAdminAlert(alert));
      },
    },
    adminWithdrawAlertNotice: {
      async handle(c, { params }, { domain }) {
        const { id } = params as Params;
        // A closed alert's notice is already withdrawn: it is answered as it is.
        const alert = (await domain.store.setAlertNotice(id, null)) ?? (await domain.store.getAlert(id));
        if (!alert) throw notFound('alert');
        domain.notices.invalidate();
        return c.json(toAdminAlert(alert));
      },
    },
  };
}

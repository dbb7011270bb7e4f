import { eraseReporterData, exportReporterData } from '../domain/privacy';
import type { RouteHandlers } from './context';

/** A reporter's privacy requests: their data as a download, and its erasure. */
export function privacyRoutes(): RouteHandlers {
  return {
    exportReporterData: {
      async handle(c, _input, { domain }) {
        const data = await exportReporterData(domain, c.get('reporterId'));
        const day = data.exportedAt.slice(0, 10);
        return c.body(JSON.stringify(data, null, 2), 200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="fankui-export-${day}.json"`,
        });
      },
    },
    eraseReporterData: {
      async handle(c, _input, { domain, logger }) {
        const { tickets } = await eraseReporterData(domain, c.get('reporterId'));
        // What was erased stays unsaid: a count, never an id or a text.
        logger.log('info', 'reporter data erased', { requestId: c.get('requestId'), tickets });
        return c.body(null, 204);
      },
    },
  };
}

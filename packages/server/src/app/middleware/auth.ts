import type { RouteAuth } from '@fankui/core/schema';
import { bearerToken, reporterFromToken } from '../../auth';
import { HttpError } from '../../errors';
import type { AppContext, Services } from '../context';

const unauthorized = (message: string, invalid: boolean) =>
  new HttpError(401, 'unauthorized', message, undefined, {
    'WWW-Authenticate': invalid ? 'Bearer realm="fankui", error="invalid_token"' : 'Bearer realm="fankui"',
  });

/**
 * Establishes who is calling, as the route's `auth` demands: sets `reporterId` or
 * `operator` on the context, or throws 401 with `WWW-Authenticate: Bearer`.
 * On `reporter_or_operator` routes an operator token is tried first.
 */
export async function authenticate(c: AppContext, auth: RouteAuth, services: Services): Promise<void> {
  if (auth === 'none') return;
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw unauthorized('Send Authorization: Bearer <token>', false);
  if (auth === 'operator' || auth === 'reporter_or_operator') {
    const operator = await services.authenticateOperator(token);
    if (operator) {
      c.set('operator', operator);
      return;
    }
    if (auth === 'operator') throw unauthorized('Unknown operator token', true);
  }
  const reporter = reporterFromToken(token, { userTokenSecret: services.config.userTokenSecret, now: services.domain.now() });
  if (!reporter) throw unauthorized('Invalid reporter secret or user token', true);
  c.set('reporterId', reporter.id);
  if (reporter.openid) c.set('openid', reporter.openid);
}

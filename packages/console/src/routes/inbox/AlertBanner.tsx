import type { AdminAlert, RemoteConfig } from '@fankui/core';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { followChanges } from '../../changes';
import { categoryLabel } from '../../config';
import { t } from '../../i18n';
import { ErrorNote } from '../../ui';

/**
 * The open spike alerts above the inbox ("支付问题：30 分钟内 12 条"), each with the notice apps
 * show above the form (publish, replace, withdraw) and 关闭提醒, which also withdraws it.
 * Nothing is shown while no alert is open.
 */
export function AlertBanner({ config }: { config: RemoteConfig | null }) {
  const [alerts, setAlerts] = useState<AdminAlert[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    try {
      setAlerts((await api.alerts('open')).items);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };
  // Alerts follow a burst of tickets: look again whenever the change feed moves.
  useEffect(() => {
    void load();
    return followChanges(() => void load());
  }, []);
  if (!alerts.length && !error) return null;
  return (
    <section class="alerts" aria-label={t('alerts.title')}>
      {error ? <ErrorNote error={error} retry={() => void load()} /> : null}
      {alerts.map((alert) => (
        <AlertItem key={alert.id} alert={alert} config={config} changed={load} failed={setError} />
      ))}
    </section>
  );
}

function AlertItem({ alert, config, changed, failed }: { alert: AdminAlert; config: RemoteConfig | null; changed: () => Promise<void>; failed: (error: unknown) => void }) {
  const [text, setText] = useState(alert.notice ? alert.notice.text : '');
  const subject = alert.kind === 'category' ? categoryLabel(config, alert.subject) : t('alerts.keyword', { keyword: alert.subject });
  const inputId = `alert-notice-${alert.id}`;
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      await changed();
    } catch (failure) {
      failed(failure);
    }
  };
  return (
    <div class="alert-item">
      <p class="alert-summary">
        <strong>{t('alerts.title')}</strong> {t('alerts.summary', { subject, count: alert.count, minutes: alert.windowMinutes, baseline: alert.baseline })}
      </p>
      {alert.notice ? <p class="alert-published">{t('alerts.published', { text: alert.notice.text })}</p> : null}
      <form
        class="alert-notice"
        onSubmit={(event) => {
          event.preventDefault();
          void act(() => api.publishNotice(alert.id, text));
        }}
      >
        <label for={inputId}>{t('alerts.notice')}</label>
        <input id={inputId} value={text} maxLength={120} required placeholder={t('alerts.noticePlaceholder')} onInput={(event) => setText(event.currentTarget.value)} />
        <button type="submit">{t('alerts.publish')}</button>
        {alert.notice ? (
          <button type="button" onClick={() => void act(() => api.withdrawNotice(alert.id))}>
            {t('alerts.withdraw')}
          </button>
        ) : null}
        <button type="button" onClick={() => void act(() => api.closeAlert(alert.id))}>
          {t('alerts.close')}
        </button>
      </form>
    </div>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';

/**
 * Thumbnails of a ticket's images and a viewer (a modal <dialog>: Esc and the close button
 * dismiss it, focus returns to the thumbnail). Images need the operator token, so each is
 * fetched once and shown from a blob: URL, revoked when the ticket is left.
 */
export function Attachments({ ids }: { ids: string[] }) {
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [open, setOpen] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    let live = true;
    const made: string[] = [];
    for (const id of ids) {
      api.attachmentUrl(id).then(
        (url) => {
          made.push(url);
          if (live) setUrls((all) => ({ ...all, [id]: url }));
        },
        () => undefined,
      );
    }
    return () => {
      live = false;
      made.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [ids.join()]);
  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [open]);
  if (!ids.length) return <p class="muted">{t('common.none')}</p>;
  return (
    <>
      <ul class="thumbs">
        {ids.map((id, index) => (
          <li key={id}>
            <button type="button" class="thumb" onClick={() => setOpen(id)} aria-label={`${t('detail.viewer')}: ${t('detail.attachment', { n: index + 1 })}`}>
              {urls[id] ? <img src={urls[id]} alt={t('detail.attachment', { n: index + 1 })} /> : <span class="muted">…</span>}
            </button>
          </li>
        ))}
      </ul>
      <dialog ref={dialog} class="viewer" onClose={() => setOpen(null)} aria-label={t('detail.viewer')}>
        {open && urls[open] && <img src={urls[open]} alt={t('detail.attachment', { n: ids.indexOf(open) + 1 })} />}
        <button type="button" class="primary" onClick={() => dialog.current && dialog.current.close()}>
          {t('detail.close')}
        </button>
      </dialog>
    </>
  );
}

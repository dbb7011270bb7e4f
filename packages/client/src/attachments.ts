import { LIMITS } from '@fankui/core';
import type { FileAdapter, RandomSource } from './adapters/types';
import { ClientError } from './errors';
import { uuidv7 } from './ids';
import { LOCAL_FILE_PREFIX } from './queue/item';
import type { Http } from './http';
import type { BlobLike, Transport } from './transport/types';

/** A picked file, kept in persistent storage until its submission is acknowledged. */
export interface AttachmentRef {
  /** The local id: put it in an `images` answer (or `attachments`); the queue swaps it for the server's id. */
  id: string;
  size: number;
  /**
   * Where the kept copy can be shown (`<Image src>`, `previewImage`), so a draft can show
   * its images again after a restart. Mini-programs: the copy under `USER_DATA_PATH`
   * (`wxfile://usr/fankui-local-…`), which lasts until the submission is acknowledged or the
   * file is removed. Web: a `blob:` URL of the IndexedDB copy, valid until the page unloads
   * or the file is removed; after a reload it is dead (the file itself is still kept and
   * sent). Absent where the file adapter keeps no addressable copy (memory adapters).
   */
  uri?: string;
}

/** Picking images for a submission, online or not. */
export interface Attachments {
  /**
   * False when the client has no file adapter (e.g. a Taro H5 build without IndexedDB):
   * `add` would reject with `unsupported`, so do not offer images.
   *
   * @example if (!client.attachments.supported) hideImagePicker();
   */
  readonly supported: boolean;
  /**
   * Copies a picked file (a mini-program temp path, or a Blob) into persistent storage at
   * once: WeChat deletes temp files, and the submission may wait days for a network.
   * Rejects with `ClientError` `attachment_refused` when the file is larger than
   * `LIMITS.attachmentMaxBytes`, `unsupported` without a file adapter.
   *
   * @example
   * const { tempFiles } = await wx.chooseMedia({ count: 1, mediaType: ['image'] });
   * const shot = await client.attachments.add(tempFiles[0].tempFilePath);
   * this.setData({ preview: shot.uri }); // the persisted copy: still there after a restart
   * await client.submit({ category: 'malfunction', description: '页面打不开了', screenshots: [shot.id] });
   */
  add(source: string | BlobLike): Promise<AttachmentRef>;
  /**
   * Forgets a picked file that will not be submitted (the user removed it from the form).
   *
   * @example await client.attachments.remove(shot.id);
   */
  remove(id: string): Promise<void>;
  /**
   * Something an image `src` (and `wx.previewImage`) can show for an attachment of one of the
   * reporter's tickets (a server id from `ticket.attachments` or an `images` answer): the
   * attachment route needs the reporter's token, which an `<image src>` cannot send, so the
   * client downloads it (with the same auth and `beforeRequest` hooks as every call): a temp
   * file path from `wx.downloadFile` in mini-programs, a `blob:` URL on the web. Kept in
   * memory per id for the session; a failure is not kept, so asking again retries. Rejects
   * with `HttpError` (404: not this reporter's attachment), `NetworkError` / `TimeoutError`,
   * and `unsupported` where the file adapter cannot download. A queued submission's images
   * need no download: show the `uri` that `add` answered.
   *
   * @example
   * const ticket = await client.tickets.get(ticketId);
   * const srcs = await Promise.all(ticket.attachments.map((id) => client.attachments.view(id)));
   * this.setData({ shots: srcs }); // <image src="{{shots[0]}}" />; wx.previewImage({ urls: srcs })
   */
  view(id: string): Promise<string>;
}

export function createAttachments(files: FileAdapter | undefined, random: RandomSource, http: Http, transport: Transport): Attachments {
  /** The file adapter, when it can do `method`; else `unsupported`. */
  const need = (method: 'persist' | 'download' = 'persist') => {
    if (!files || !files[method]) throw new ClientError('unsupported', `No \`files\` adapter that can ${method}`);
    return files;
  };
  const shown = new Map<string, Promise<string>>();
  return {
    supported: !!files,
    async add(source) {
      const adapter = need();
      const id = LOCAL_FILE_PREFIX + uuidv7(Date.now(), await random(10));
      const { size, uri } = await adapter.persist(source, id);
      if (size > LIMITS.attachmentMaxBytes) {
        await adapter.remove(id);
        throw new ClientError('attachment_refused', `Over ${LIMITS.attachmentMaxBytes} bytes`, { size, maxBytes: LIMITS.attachmentMaxBytes });
      }
      return { id, size, uri };
    },
    async remove(id) {
      await need().remove(id);
    },
    view(id) {
      let src = shown.get(id);
      if (!src) {
        const download = async () => need('download').download!(await http.prepare('GET', `/v1/attachments/${encodeURIComponent(id)}`, { headers: { accept: 'image/*' } }), transport);
        shown.set(id, (src = download()));
        src.catch(() => shown.delete(id)); // a failure is not kept: the next call retries
      }
      return src;
    },
  };
}

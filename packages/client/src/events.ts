import type { Priority, RejectionReason } from '@fankui/core';
import type { ClientError } from './errors';

/** The promise shown right after submitting: "已收到，正在处理中，我们将在 30 分钟内回复". */
export interface SubmitAck {
  message: string;
  priority: Priority;
}

/**
 * Everything the client reports. Subscribe right after `createClient`: the first flush
 * starts on its own, so early events would otherwise be missed.
 *
 * @example
 * client.on('status', ({ online, pending }) => setBadge(pending ? `待发送 (${pending})` : ''));
 * client.on('rejected', ({ localId, reason }) => console.warn(localId, reason.code));
 */
export interface ClientEvents {
  /** Stored durably; the server has not seen it yet. */
  queued: { localId: string; ack: SubmitAck };
  /** The server holds it (`accepted`, or `duplicate` of an earlier send); removed from the queue. `ack` is the server's promise, when it made one. */
  sent: { localId: string; ticketId: string; ack?: SubmitAck };
  /** The server refused it for good (an invalid item); removed from the queue. */
  rejected: { localId: string; reason: RejectionReason };
  /** Removed unsent: older than `maxAgeMs`, over the byte budget, or evicted because storage was full. */
  dropped: { localId: string; reason: 'expired' | 'budget' | 'storage_full' | 'erased' };
  /** Something went wrong that the client handled: a failed flush (retried later), a corrupt item, damaged storage rebuilt, a weaker or lost reporter secret, a refused attachment. */
  error: { error: ClientError };
  /** Connectivity or the number of queued items changed. */
  status: { online: boolean; pending: number };
}

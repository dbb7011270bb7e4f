/**
 * One-at-a-time execution per key, in this process. Ticket actions read, decide and write
 * (rate once, reply and move the status); two of them racing on one ticket must not both
 * decide from the same old state. Status moves are also guarded in the store
 * (`expectedStatus`), which covers several server processes; this covers the rest.
 *
 * @example await locks.run(ticketId, async () => { const t = await store.getTicket(ticketId); … });
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      // The last one out removes the key, so the map does not grow with every ticket ever touched.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

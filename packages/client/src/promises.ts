/** Two ways the client shares promises: one task at a time, and one start for every caller. */

/**
 * Runs tasks one at a time, in call order, whatever each one's outcome: updates that read,
 * change and write shared keys must not interleave (one would undo another), and a slow
 * early write must never land after a later one.
 *
 * @example
 * const serially = createSerial();
 * await serially(() => storage.set(KEYS.index, JSON.stringify(entries)));
 */
export function createSerial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const done = last.then(task, task);
    last = done.catch(() => undefined);
    return done;
  };
}

/**
 * Starts `start` on the first call and answers every call with that promise; once it has
 * failed, the next call starts again (a storage read that failed is retried, not remembered).
 *
 * @example
 * const secret = onceUnlessFailed(loadSecret);
 * await secret(); // loads; later calls share the answer
 */
export function onceUnlessFailed<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () =>
    started ||
    (started = start().catch((error: unknown) => {
      started = undefined;
      throw error;
    }));
}

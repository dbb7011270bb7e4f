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

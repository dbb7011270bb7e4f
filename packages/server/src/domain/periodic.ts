import type { Logger } from '../logger';

/** A running periodic task. */
export interface Periodic {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `seconds` (the first run one interval after start; never when 0), one at
 * a time, logging a failure as `<name> failed` (the database down): a failed run is simply
 * tried again at the next tick. The timer never keeps the process alive.
 */
export function every(seconds: number, name: string, logger: Logger, task: () => Promise<void>): Periodic {
  if (seconds === 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = task()
      .catch((error: unknown) => logger.log('error', `${name} failed`, { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = null;
      });
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

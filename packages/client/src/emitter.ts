/** A listener of one event type. */
export type Listener<T> = (payload: T) => void;

/**
 * A tiny typed event emitter. A throwing listener never breaks the emitter's caller (the
 * queue): its error is rethrown on a fresh stack, where the platform reports it.
 *
 * @example
 * const events = createEmitter<{ ping: number }>();
 * const off = events.on('ping', (n) => console.log(n));
 * events.emit('ping', 1);
 * off();
 */
export function createEmitter<Events extends object>() {
  const listeners: { [K in keyof Events]?: Set<Listener<Events[K]>> } = {};
  return {
    on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
      const ofType = listeners[type] || (listeners[type] = new Set());
      ofType.add(listener);
      return () => void ofType.delete(listener);
    },
    emit<K extends keyof Events>(type: K, payload: Events[K]): void {
      const ofType = listeners[type];
      if (ofType) ofType.forEach((listener) => {
        try {
          listener(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      });
    },
  };
}

export type Emitter<Events extends object> = ReturnType<typeof createEmitter<Events>>;

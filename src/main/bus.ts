/**
 * Main's in-process event bus between services (not the renderer streams: those go through the
 * EventHub). Services add their events to `InternalEvents` by declaration merging:
 *
 *   declare module '../bus' { interface InternalEvents { 'bars.appended': BarsAppended } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface InternalEvents {
  'dataset.changed': { dataset: number; change: 'added' | 'removed' | 'appended' };
}

type Listener<T> = (payload: T) => void;

export class Bus {
  private readonly listeners = new Map<keyof InternalEvents, Set<Listener<never>>>();

  on<K extends keyof InternalEvents>(name: K, listener: Listener<InternalEvents[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Listeners run synchronously; one that throws is reported and does not stop the others. */
  emit<K extends keyof InternalEvents>(name: K, payload: InternalEvents[K], onError?: (error: unknown) => void): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<InternalEvents[K]>)(payload);
      } catch (error) {
        onError?.(error);
      }
    }
  }
}

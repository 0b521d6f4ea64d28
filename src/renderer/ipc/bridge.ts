/** What the Electron preload exposes as `window.sextant` (see src/main/hosts/electron/preload.ts). */
export interface SextantBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  subscribe(name: string): void;
  unsubscribe(name: string): void;
  onEvents(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    sextant?: SextantBridge;
  }
}

export function electronBridge(): SextantBridge | null {
  return typeof window !== 'undefined' && window.sextant ? window.sextant : null;
}

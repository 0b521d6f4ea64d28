import { create } from 'zustand';

/** Which panel of this window's dock shows (null: the first). */
export const useDock = create<{ active: string | null; show: (panelId: string) => void }>((set) => ({
  active: null,
  show: (panelId) => set({ active: panelId }),
}));

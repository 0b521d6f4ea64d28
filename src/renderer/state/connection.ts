import { create } from 'zustand';
import type { ConnectionState } from '../ipc/client-core';

export const useConnection = create<{ state: ConnectionState; set: (state: ConnectionState) => void }>((set) => ({
  state: 'connecting',
  set: (state) => set({ state }),
}));

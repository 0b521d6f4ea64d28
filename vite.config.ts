import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer bundle is loaded from file:// by Electron and from the web host over http:
// relative asset URLs work for both.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});

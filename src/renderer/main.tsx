import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createIpcClient } from './ipc/client';
import { IpcProvider } from './ipc/context';
import { registerPanels } from './panels/index';
import { useConnection } from './state/connection';
import './styles/theme.css';
import './styles/controls.css';
import './styles/settings.css';
import './styles/signals.css';
import './styles/strategies.css';
import './styles/regime.css';
import './styles/lab.css';
import './styles/trading.css';

registerPanels();
const client = createIpcClient((state) => useConnection.getState().set(state));
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <IpcProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </IpcProvider>
  </StrictMode>,
);

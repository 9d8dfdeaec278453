import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../shared/client/createClient.js';
import { App } from './App.js';
import { ClientContext } from './hooks/clientContext.js';
import { useAppStore, type ConnectionStatus } from './stores/appStore.js';
import { selectTransport } from './transport/selectTransport.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

try {
  const transport = selectTransport();
  const client = createClient(transport);
  if ('onStatus' in transport && typeof transport.onStatus === 'function') {
    (transport.onStatus as (l: (s: ConnectionStatus) => void) => void)((s) => useAppStore.getState().setConnection(s));
  } else {
    useAppStore.getState().setConnection('open');
  }
  root.render(
    <StrictMode>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <div className="fatal" role="alert">
      <h1>Faultline cannot start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MessageBridge } from '../sip/message-bridge';
import { App } from './App';
import { connectApi } from './api/api';
import { createAppStore } from './state/app-store';
import { CallsContext, createCallServices } from './state/calls-context';
import { ServicesContext } from './state/context';
import './styles/app.css';

// Connect first: the bridge token is read from (and removed from) the URL before routing starts.
const source = connectApi();
const { api } = source;
const store = createAppStore(api);
void store.getState().load();
const callServices = createCallServices(api);
// Chat rides on the same UA: sealed MESSAGEs out of main's outbox, incoming ones into main.
new MessageBridge(api, callServices.ua).start();
if (source.kind === 'web') {
  // In a browser, losing the bridge means losing Yakker: say so where the status lives.
  source.api.onConnectionChange((connected) => {
    if (!connected) {
      store.setState({
        status: {
          registration: 'offline',
          network: 'online',
          reason:
            'Lost the connection to Yakker. Start it again (npm run web) and reload this page.',
        },
      });
    }
  });
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ServicesContext.Provider value={{ api, store }}>
        <CallsContext.Provider value={callServices}>
          <App />
        </CallsContext.Provider>
      </ServicesContext.Provider>
    </StrictMode>,
  );
}

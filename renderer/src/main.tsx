import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectApi } from './api/api';
import { createAppStore } from './state/app-store';
import { ServicesContext } from './state/context';
import './styles/app.css';

// Connect first: the bridge token is read from (and removed from) the URL before routing starts.
const { api } = connectApi();
const store = createAppStore(api);
void store.getState().load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ServicesContext.Provider value={{ api, store }}>
        <App />
      </ServicesContext.Provider>
    </StrictMode>,
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HttpApiClient } from './api/http-api-client';
import { App } from './app';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App client={new HttpApiClient()} />
  </StrictMode>,
);

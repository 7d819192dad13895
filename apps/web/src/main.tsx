import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { newQueryClient } from './api/queries';
import { App } from './app';
import { I18nProvider } from './i18n/i18n';
import { SessionProvider } from './session';
import { enterMovesOnEverywhere } from './ui/enter';
import { ToastProvider } from './ui/kit';
import './styles.css';

const queryClient = newQueryClient();
// Enter in a half-filled form moves on to the next field rather than sending it (ui/enter.ts)
enterMovesOnEverywhere(document);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <ToastProvider>
            {/* the page is in the URL's hash (#/forms?status=filed), which the gateway never sees */}
            <HashRouter>
              <App />
            </HashRouter>
          </ToastProvider>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { newQueryClient } from './api/queries';
import { App } from './app';
import { SelfConfirmationPage, selfConfirmationToken } from './pages/public/self-confirmation.page';
import { I18nProvider } from './i18n/i18n';
import { SessionProvider } from './session';
import { enterMovesOnEverywhere } from './ui/enter';
import { ToastProvider } from './ui/kit';
import './styles.css';

const queryClient = newQueryClient();
const token = selfConfirmationToken(window.location.pathname);
// Enter in a half-filled form moves on to the next field rather than sending it (ui/enter.ts)
enterMovesOnEverywhere(document);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <ToastProvider>
            {token ? (
              // a form's self-confirmation link, for a customer with no account (outside the signed-in UI)
              <SelfConfirmationPage token={token} />
            ) : (
              // the page is in the URL's hash (#/forms?status=filed), which the gateway never sees
              <HashRouter>
                <App />
              </HashRouter>
            )}
          </ToastProvider>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);

/** Renderer entry: providers from the outside in (theme, API, jobs, workspace, navigation, toasts). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme/app.css';
import { createApiClient } from './api/client.js';
import { JobsProvider } from './api/jobs.js';
import { ApiContext } from './api/useApi.js';
import { App } from './app/App.js';
import { NavigationProvider } from './app/navigation.js';
import { WorkspaceProvider } from './app/workspace.js';
import { ToastProvider } from './components/Toasts.js';
import { ThemeProvider } from './theme/ThemeProvider.js';

const api = createApiClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ThemeProvider>
      <ApiContext.Provider value={api}>
        <JobsProvider>
          <WorkspaceProvider>
            <NavigationProvider initial="datasets">
              <ToastProvider>
                <App />
              </ToastProvider>
            </NavigationProvider>
          </WorkspaceProvider>
        </JobsProvider>
      </ApiContext.Provider>
    </ThemeProvider>
  </StrictMode>,
);

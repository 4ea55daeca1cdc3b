import { useCallback, useEffect, useState } from 'react';
import { Navigate, Outlet, createHashRouter, RouterProvider, useOutletContext } from 'react-router';
import { NavRail } from './components/NavRail';
import { CallLayer } from './components/calls/CallLayer';
import { StatusBar } from './components/StatusBar';
import { Toasts } from './components/Toasts';
import { useShortcuts } from './hooks/useShortcuts';
import { CallsScreen } from './screens/CallsScreen';
import { ChatsScreen } from './screens/ChatsScreen';
import { ContactsScreen } from './screens/ContactsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { WelcomeScreen } from './screens/welcome/WelcomeScreen';
import { useFirstRun } from './screens/welcome/use-first-run';
import { useApp, useServices } from './state/context';

function Shell() {
  const { store } = useServices();
  const [searchTick, setSearchTick] = useState(0);
  const onSearch = useCallback(() => {
    setSearchTick((t) => t + 1);
  }, []);
  const onEscape = useCallback(() => {
    const last = store.getState().toasts.at(-1);
    if (last) store.getState().dismissToast(last.id);
  }, [store]);
  useShortcuts(onSearch, onEscape);
  if (!useFirstRun()) return null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <NavRail />
      <main className="content" id="main" tabIndex={-1}>
        <StatusBar />
        <CallLayer>
          <Outlet context={searchTick} />
        </CallLayer>
      </main>
      <Toasts />
    </div>
  );
}

/** Ctrl/Cmd+K bumps the tick in Shell; the contacts screen focuses its search when it changes. */
function ContactsRoute() {
  const tick = useOutletContext<number>();
  return <ContactsScreen focusSearch={tick} />;
}

const router = createHashRouter([
  { path: '/welcome', element: <WelcomeScreen /> },
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/chats" replace /> },
      { path: 'chats', element: <ChatsScreen /> },
      { path: 'calls', element: <CallsScreen /> },
      { path: 'contacts', element: <ContactsRoute /> },
      { path: 'settings/:section?', element: <SettingsScreen /> },
      { path: '*', element: <Navigate to="/chats" replace /> },
    ],
  },
]);

/** Applies the chosen theme to <html data-theme>; "system" leaves it to prefers-color-scheme. */
function useTheme() {
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
  }, [theme]);
}

export function App() {
  const loaded = useApp((s) => s.loaded);
  const fatal = useApp((s) => s.fatal);
  useTheme();
  if (!loaded) return null;
  if (fatal) {
    return (
      <div className="fatal" role="alert">
        <img src="./icon.svg" alt="" width={64} height={64} />
        <h1>Yakker can't start here</h1>
        <p>{fatal}</p>
      </div>
    );
  }
  return <RouterProvider router={router} />;
}

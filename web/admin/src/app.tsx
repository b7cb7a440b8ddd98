import { useEffect, useState } from 'preact/hooks';
import { CollectionsPage } from './components/collections-page';
import { ConfirmHost } from './components/confirm-dialog';
import { InstallPage } from './components/install-page';
import { LogsPage } from './components/logs-page';
import { SettingsPage } from './components/settings-page';
import { Shell } from './components/shell';
import { SignInPage } from './components/sign-in-page';
import { SqlPage } from './components/sql-page';
import { Toasts } from './components/toasts';
import { pb, superusers } from './lib/pb';
import { navigate, useRoute } from './lib/router';

/** Routes: #/login, #/pbinstall/<token>, #/collections/<name>, #/logs, #/sql, #/settings. Superusers only past the gate. */
export function App() {
  const route = useRoute();
  const signedIn = useSignedIn();
  const [page, arg] = route;

  let body;
  if (page === 'pbinstall') body = <InstallPage token={arg ?? ''} />;
  else if (!signedIn) body = <SignInPage />;
  else if (page === 'settings') body = <Shell active="settings"><SettingsPage /></Shell>;
  else if (page === 'logs') body = <Shell active="logs"><LogsPage /></Shell>;
  else if (page === 'sql') body = <Shell active="sql"><SqlPage /></Shell>;
  else body = <Shell active="collections" wide><CollectionsPage name={arg} /></Shell>;

  useEffect(() => {
    if (signedIn && (page === 'login' || !page)) navigate('/collections');
  }, [signedIn, page]);

  return (
    <>
      {body}
      <ConfirmHost />
      <Toasts />
    </>
  );
}

/** True while the stored token belongs to a superuser; refreshed once at start-up. */
function useSignedIn(): boolean {
  const valid = () => pb.authStore.isValid && pb.authStore.record?.collectionName === superusers;
  const [ok, setOk] = useState(valid());
  useEffect(() => {
    const off = pb.authStore.onChange(() => setOk(valid()));
    if (valid()) pb.collection(superusers).authRefresh().catch(() => pb.authStore.clear());
    return off;
  }, []);
  return ok;
}

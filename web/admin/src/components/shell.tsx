import type { ComponentChildren } from 'preact';
import { pb } from '../lib/pb';

/** The left navigation rail around every signed-in page. */
export function Shell({ active, wide, children }: { active: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <div class={wide ? 'shell' : 'shell no-aside'}>
      <nav class="nav" aria-label="Main">
        <div class="logo" title="Plinth">P</div>
        <a href="#/collections" aria-current={active === 'collections' ? 'page' : undefined} class={active === 'collections' ? 'active' : ''} title="Collections">Data</a>
        <a href="#/logs" class={active === 'logs' ? 'active' : ''} title="Logs">Logs</a>
        <a href="#/sql" class={active === 'sql' ? 'active' : ''} title="SQL console">SQL</a>
        <a href="#/settings" class={active === 'settings' ? 'active' : ''} title="Settings">Settings</a>
        <div class="spacer" />
        <button type="button" title={`Sign out ${pb.authStore.record?.email ?? ''}`} onClick={() => pb.authStore.clear()}>
          Exit
        </button>
      </nav>
      {children}
    </div>
  );
}

import { useState } from 'react';
import { useAppInfo } from '../queries/datasets';
import { useConnection } from '../state/connection';
import { useWorkspace } from '../state/workspace';
import { panelKinds } from '../panels/registry';

const CONNECTION_LABEL = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Disconnected' } as const;

export function TopBar() {
  const info = useAppInfo();
  const connection = useConnection((s) => s.state);
  const addPanel = useWorkspace((s) => s.addPanel);
  const [menuOpen, setMenuOpen] = useState(false);
  const mode = info.data?.mode ?? 'paper';
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>◭</span> Sextant
      </div>
      <div className="topbar-spacer" />
      <div className="add-panel">
        <button type="button" onClick={() => setMenuOpen((v) => !v)} aria-expanded={menuOpen}>
          + Panel
        </button>
        {menuOpen && (
          <ul className="menu" role="menu">
            {panelKinds()
              .filter((k) => k.multiple)
              .map((k) => (
                <li key={k.kind}>
                  <button
                    type="button"
                    role="menuitem"
                    onClick={() => {
                      addPanel({ id: `${k.kind}-${Date.now().toString(36)}`, kind: k.kind, settings: k.defaults?.() ?? {} });
                      setMenuOpen(false);
                    }}
                  >
                    {k.title}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </div>
      <span className={`badge mode-${mode}`} data-testid="mode-badge" title={mode === 'live' ? 'Orders go to your live account' : 'Simulated / paper trading: no real money'}>
        {mode.toUpperCase()}
      </span>
      <span className="host" title="Where this window is served from">{info.data?.host === 'electron' ? 'Desktop' : 'Web'}</span>
      <span className={`connection connection-${connection}`} data-testid="connection" title={CONNECTION_LABEL[connection]}>
        <span className="dot" aria-hidden /> {CONNECTION_LABEL[connection]}
      </span>
    </header>
  );
}

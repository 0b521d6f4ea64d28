import { useState } from 'react';
import { useAppInfo } from '../queries/datasets';
import { useConnection } from '../state/connection';
import { useWorkspace, windowOf } from '../state/workspace';
import { panelKinds } from '../panels/registry';
import { SettingsIcon } from './icons';
import { openPanel } from './open-panel';

const CONNECTION_LABEL = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Disconnected' } as const;

export function TopBar() {
  const info = useAppInfo();
  const connection = useConnection((s) => s.state);
  // A string, not a fresh array, so the selector's answer is stable between renders.
  const openKinds = useWorkspace((s) => (windowOf(s.layout, s.windowId)?.panels.map((p) => p.kind) ?? []).join(' '));
  const addPanel = useWorkspace((s) => s.addPanel);
  const [menuOpen, setMenuOpen] = useState(false);
  // Kinds a window may hold many of, and single ones not open here yet.
  const present = new Set(openKinds.split(' '));
  const addable = panelKinds().filter((k) => k.multiple || !present.has(k.kind));
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
            {addable.map((k) => (
              <li key={k.kind}>
                <button
                  type="button"
                  role="menuitem"
                  onClick={() => {
                    if (k.multiple) addPanel({ id: `${k.kind}-${Date.now().toString(36)}`, kind: k.kind, settings: k.defaults?.() ?? {} });
                    else openPanel(k.kind);
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
      <button type="button" className="icon-button" data-testid="open-settings" title="Trading settings: mode, keys, risk limits, trading.yaml" onClick={() => openPanel('trading-settings')}>
        <SettingsIcon /> Settings
      </button>
      <span className="host" title="Where this window is served from">{info.data?.host === 'electron' ? 'Desktop' : 'Web'}</span>
      <span className={`connection connection-${connection}`} data-testid="connection" title={`This window and Sextant: ${CONNECTION_LABEL[connection]}`}>
        <span className="dot" aria-hidden /> {CONNECTION_LABEL[connection]}
      </span>
    </header>
  );
}

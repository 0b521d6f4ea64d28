import type { ReactNode } from 'react';
import type { PanelPlacement } from '../../shared/ipc/services/layout';
import { MAIN_WINDOW_ID } from '../../shared/layout/layout-ops';
import { panelKind } from '../panels/registry';
import { useDock } from '../state/dock';
import { CloseIcon, DockIcon, PopOutIcon } from './icons';

export interface DockProps {
  readonly panels: readonly PanelPlacement[];
  readonly windowId: string;
  readonly alone: boolean;
  readonly body: (panel: PanelPlacement) => ReactNode;
  readonly onPopOut: (panel: PanelPlacement) => void;
  readonly onDock: (panel: PanelPlacement) => void;
  readonly onClose: (panel: PanelPlacement) => void;
}

/** The dock under the main grid: one tab per panel (the blotters), the chosen one at full width. */
export function Dock({ panels, windowId, alone, body, onPopOut, onDock, onClose }: DockProps) {
  const activeId = useDock((s) => s.active);
  const show = useDock((s) => s.show);
  const active = panels.find((p) => p.id === activeId) ?? panels[0]!;
  const kind = panelKind(active.kind);
  const title = kind?.title ?? active.kind;
  return (
    <section className={alone ? 'dock alone' : 'dock'} data-testid="dock">
      <header className="dock-header">
        <div className="dock-tabs" role="tablist" aria-label="Blotters">
          {panels.map((panel) => {
            const spec = panelKind(panel.kind);
            const Badge = spec?.tabBadge;
            const selected = panel.id === active.id;
            return (
              <button
                key={panel.id}
                type="button"
                role="tab"
                aria-selected={selected}
                className={selected ? 'dock-tab selected' : 'dock-tab'}
                data-testid={`dock-tab-${panel.kind}`}
                onClick={() => show(panel.id)}
              >
                {spec?.title ?? panel.kind}
                {Badge && <Badge />}
              </button>
            );
          })}
        </div>
        <div className="panel-actions">
          {windowId === MAIN_WINDOW_ID ? (
            <button type="button" title="Open in its own window" aria-label={`Pop out ${title}`} onClick={() => onPopOut(active)}>
              <PopOutIcon />
            </button>
          ) : (
            <button type="button" title="Dock back into the main window" aria-label={`Dock ${title}`} onClick={() => onDock(active)}>
              <DockIcon />
            </button>
          )}
          <button type="button" title="Close panel" aria-label={`Close ${title}`} onClick={() => onClose(active)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <section className="panel dock-panel" role="tabpanel" data-panel-kind={active.kind} data-panel-id={active.id} aria-label={title}>
        <div className="panel-body">{body(active)}</div>
      </section>
    </section>
  );
}

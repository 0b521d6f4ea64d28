import type { ReactNode } from 'react';
import type { PanelPlacement } from '../../shared/ipc/services/layout';
import { MAIN_WINDOW_ID } from '../../shared/layout/layout-ops';
import { CloseIcon, DockIcon, PopOutIcon } from './icons';

export interface PanelFrameProps {
  readonly panel: PanelPlacement;
  readonly title: string;
  readonly windowId: string;
  readonly onPopOut: () => void;
  readonly onDock: () => void;
  readonly onClose?: () => void;
  readonly children: ReactNode;
}

export function PanelFrame({ panel, title, windowId, onPopOut, onDock, onClose, children }: PanelFrameProps) {
  return (
    <section className="panel" data-panel-kind={panel.kind} data-panel-id={panel.id} aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        <div className="panel-actions">
          {windowId === MAIN_WINDOW_ID ? (
            <button type="button" title="Open in its own window" aria-label={`Pop out ${title}`} onClick={onPopOut}>
              <PopOutIcon />
            </button>
          ) : (
            <button type="button" title="Dock back into the main window" aria-label={`Dock ${title}`} onClick={onDock}>
              <DockIcon />
            </button>
          )}
          {onClose && (
            <button type="button" title="Close panel" aria-label={`Close ${title}`} onClick={onClose}>
              <CloseIcon />
            </button>
          )}
        </div>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

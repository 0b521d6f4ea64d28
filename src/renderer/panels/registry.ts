import type { ComponentType } from 'react';
import type { PanelPlacement } from '../../shared/ipc/services/layout';

export interface PanelProps {
  readonly panel: PanelPlacement;
  updateSettings(settings: Record<string, unknown>): void;
}

export interface PanelKind {
  readonly kind: string;
  readonly title: string;
  /**
   * Where it shows: the sidebar column, the main grid, or the dock under the main grid (tabs, one
   * panel at a time at full width: the blotters).
   */
  readonly placement: 'sidebar' | 'main' | 'dock';
  readonly component: ComponentType<PanelProps>;
  /** Settings of a new panel of this kind. */
  readonly defaults?: () => Record<string, unknown>;
  /** Whether a window may hold more than one. */
  readonly multiple: boolean;
  /** Whether its frame has a close button (default: when a window may hold several). */
  readonly closable?: boolean;
  /** A dock tab's count beside its title (rendered inside the tab). */
  readonly tabBadge?: ComponentType;
}

const kinds = new Map<string, PanelKind>();

export function registerPanel(kind: PanelKind): void {
  kinds.set(kind.kind, kind);
}

export function panelKind(kind: string): PanelKind | undefined {
  return kinds.get(kind);
}

export function panelKinds(): PanelKind[] {
  return [...kinds.values()];
}

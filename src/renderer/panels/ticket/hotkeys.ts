/**
 * The order ticket's keys: B buy, S sell, Ctrl+Enter (⌘+Enter) submit, Esc clear. They never take
 * a key that types: B and S only act when no text field (anywhere) has the focus; Ctrl+Enter and
 * Esc act inside the ticket, even in its fields, and elsewhere only when no text field is being
 * edited. Nothing acts while a dialog is open (Esc closes the dialog).
 */

export type TicketHotkey = 'buy' | 'sell' | 'submit' | 'clear';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey?: boolean;
}

export interface FocusContext {
  /** The focus is inside the order ticket. */
  readonly inTicket: boolean;
  /** The focus is in a field that takes typing (text input, text area, select, editable text). */
  readonly editingText: boolean;
  /** A modal dialog is open. */
  readonly dialogOpen: boolean;
}

export function ticketHotkey(press: KeyPress, focus: FocusContext): TicketHotkey | null {
  if (focus.dialogOpen) return null;
  const command = press.ctrlKey || press.metaKey;
  if (press.key === 'Enter' && command && !press.altKey) return focus.inTicket || !focus.editingText ? 'submit' : null;
  if (press.key === 'Escape' && !command && !press.altKey) return focus.inTicket || !focus.editingText ? 'clear' : null;
  if (command || press.altKey || focus.editingText) return null;
  const key = press.key.toLowerCase();
  if (key === 'b') return 'buy';
  if (key === 's') return 'sell';
  return null;
}

const TYPING_INPUTS = new Set(['text', 'search', 'number', 'email', 'password', 'tel', 'url', '']);

/** Whether `element` takes typed characters. */
export function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return TYPING_INPUTS.has(((element as HTMLInputElement).getAttribute('type') ?? '').toLowerCase());
  return (element as HTMLElement).isContentEditable === true;
}

import { useEffect, useRef, type RefObject } from 'react';
import { isTextEntry, ticketHotkey, type TicketHotkey } from './hotkeys';

/** The ticket's keys on this window (see hotkeys.ts for when they act and when they leave typing alone). */
export function useTicketHotkeys(root: RefObject<HTMLElement | null>, onKey: (key: TicketHotkey) => void): void {
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const active = document.activeElement;
      const key = ticketHotkey(event, {
        inTicket: Boolean(root.current && active && root.current.contains(active)),
        editingText: isTextEntry(active),
        dialogOpen: document.querySelector('[role="dialog"][aria-modal="true"]') !== null,
      });
      if (!key) return;
      event.preventDefault();
      handler.current(key);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [root]);
}

/** The only IPC channel names the preload forwards; main listens on exactly these. */
export const CHANNEL_INVOKE = 'sextant:invoke';
export const CHANNEL_SUBSCRIBE = 'sextant:subscribe';
export const CHANNEL_UNSUBSCRIBE = 'sextant:unsubscribe';
export const CHANNEL_EVENTS = 'sextant:events';

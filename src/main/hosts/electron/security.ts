import { pathToFileURL } from 'node:url';

/** The renderer's CSP in the desktop app: no remote code, no inline scripts, no plugins. */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The one browser permission a Sextant window gets: writing (sanitised) text to the clipboard, for
 * the copy buttons. Everything else (camera, notifications, reading the clipboard...) is refused.
 */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** webPreferences every Sextant window gets: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  } as const;
}

/** True for a URL of the renderer bundle itself: the only place a window may navigate to. */
export function isAppUrl(url: string, rendererIndexFile: string): boolean {
  try {
    const target = new URL(url);
    const index = pathToFileURL(rendererIndexFile);
    return target.protocol === 'file:' && target.pathname === index.pathname;
  } catch {
    return false;
  }
}

/** External links a user clicked may open in the system browser; nothing else leaves the app. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    const target = new URL(url);
    return target.protocol === 'https:' && ['alpaca.markets', 'app.alpaca.markets', 'docs.alpaca.markets', 'github.com'].includes(target.hostname);
  } catch {
    return false;
  }
}

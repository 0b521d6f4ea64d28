// The Electron entry: app lifecycle, security policy and windows. Everything else is the same
// host-agnostic core the web host serves (startSextant).
import { app, session, shell, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSextant, type Sextant } from '../../app';
import { createLogger } from '../../log';
import { rendererDir, resolveDataDir } from '../../paths';
import { KEYCHAIN_SECRETS_FILE } from '../../secrets/file-secret-store';
import { SafeStorageSecretStore } from '../../secrets/safe-storage';
import { bridgeIpc } from './ipc-bridge';
import { DESKTOP_CSP, isAllowedExternalUrl, isAllowedPermission, isAppUrl } from './security';
import { WindowManager } from './window-manager';

const log = createLogger();
const rendererIndex = path.join(rendererDir(), 'index.html');
const preloadPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

function dataDirFlag(argv: readonly string[]): string | null {
  const index = argv.indexOf('--data-dir');
  if (index >= 0 && argv[index + 1]) return argv[index + 1]!;
  const inline = argv.find((a) => a.startsWith('--data-dir='));
  return inline ? inline.slice('--data-dir='.length) : null;
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererIndex)) {
      event.preventDefault();
      log.warn('electron', `blocked navigation to ${url.slice(0, 120)}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererIndex)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    else log.warn('electron', `refused to open a window for ${url.slice(0, 120)}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

let sextant: Sextant | null = null;
let windows: WindowManager | null = null;

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isAllowedPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
  const dataDir = resolveDataDir(dataDirFlag(process.argv), () => app.getPath('userData'));
  let manager: WindowManager | null = null;
  sextant = await startSextant({
    dataDir,
    host: 'electron',
    log,
    // API keys go to the OS keychain here, never to the plaintext file of the web host.
    secrets: new SafeStorageSecretStore({ file: path.join(dataDir, KEYCHAIN_SECRETS_FILE) }),
    hostHandlers: {
      'layout.popOut': ({ panel }) => {
        const windowId = `w-${panel.id}-${Date.now().toString(36)}`;
        manager?.popOut(windowId);
        return { windowId };
      },
    },
  });
  bridgeIpc(sextant, rendererIndex);
  manager = windows = new WindowManager(sextant, rendererIndex, preloadPath);
  windows.restoreAll();
  log.info('electron', `Sextant started; data folder ${dataDir}`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => windows?.focusMain());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => windows?.focusMain());
  app.on('before-quit', () => windows?.prepareQuit());
  app.on('will-quit', (event) => {
    if (!sextant) return;
    event.preventDefault();
    const closing = sextant;
    sextant = null;
    void closing.close().finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => log.error('electron', String(error))).catch((error: unknown) => {
    log.error('electron', `failed to start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}

// A stand-in for the `electron` module, for running the real bundled main process under plain Node
// (Electron's binary cannot be downloaded on the build machines). It records what main asks of
// Electron and exposes it on globalThis.__fakeElectron for the test to inspect.
const { EventEmitter } = require('node:events');
const os = require('node:os');
const path = require('node:path');

const recorded = { windows: [], handlers: new Map(), listeners: new Map(), appEvents: new Map(), quit: false, headers: null };
globalThis.__fakeElectron = recorded;

class WebContents extends EventEmitter {
  constructor(id) {
    super();
    this.id = id;
    this.sent = [];
    this.windowOpenHandler = null;
  }
  send(channel, message) {
    this.sent.push({ channel, message });
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

let nextId = 1;
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.url = null;
    this.webContents = new WebContents(nextId++);
    recorded.windows.push(this);
    const created = recorded.appEvents.get('web-contents-created');
    if (created) created({}, this.webContents);
  }
  loadURL(url) {
    this.url = url;
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  getBounds() {
    const { x, y, width, height } = this.options;
    return { x, y, width, height };
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  show() {}
  focus() {}
  restore() {}
}

const userData = process.env.FAKE_ELECTRON_USER_DATA || path.join(os.tmpdir(), 'fake-electron-user-data');

module.exports = {
  app: {
    requestSingleInstanceLock: () => true,
    on: (event, handler) => recorded.appEvents.set(event, handler),
    whenReady: () => Promise.resolve(),
    getPath: (name) => (name === 'userData' ? userData : os.tmpdir()),
    getVersion: () => '0.0.0-fake',
    quit: () => {
      recorded.quit = true;
    },
    exit: (code) => {
      recorded.quit = true;
      recorded.exitCode = code;
    },
  },
  BrowserWindow,
  ipcMain: {
    handle: (channel, handler) => recorded.handlers.set(channel, handler),
    on: (channel, handler) => recorded.listeners.set(channel, handler),
    removeHandler: (channel) => recorded.handlers.delete(channel),
    removeAllListeners: (channel) => recorded.listeners.delete(channel),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h) => (recorded.permissionRequest = h),
      setPermissionCheckHandler: (h) => (recorded.permissionCheck = h),
      webRequest: { onHeadersReceived: (h) => (recorded.headers = h) },
    },
  },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  },
  shell: { openExternal: async () => {} },
  clipboard: { writeText: () => {} },
  safeStorage: {
    isEncryptionAvailable: () => true,
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s) => Buffer.from('enc:' + s),
    decryptString: (b) => b.toString().replace(/^enc:/, ''),
    encryptStringAsync: async (s) => Buffer.from('enc:' + s),
    decryptStringAsync: async (b) => ({ result: b.toString().replace(/^enc:/, ''), shouldReEncrypt: false }),
  },
  contextBridge: { exposeInMainWorld: () => {} },
  ipcRenderer: { invoke: async () => null, send: () => {}, on: () => {}, removeListener: () => {} },
};

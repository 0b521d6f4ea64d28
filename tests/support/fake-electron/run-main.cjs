// Runs dist/main/electron-main.cjs with `electron` resolved to the fake, then answers the test
// over stdout: the windows main opened and what its IPC handler returns.
const Module = require('node:module');
const path = require('node:path');
const fake = path.join(__dirname, 'electron.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return fake;
  return resolve.call(this, request, ...rest);
};

const bundle = process.argv[2];
require(bundle);

const recorded = globalThis.__fakeElectron;
const started = Date.now();
(async function waitForWindow() {
  while (recorded.windows.length === 0) {
    if (Date.now() - started > 30_000) throw new Error('main opened no window within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const win = recorded.windows[0];
  const invoke = recorded.handlers.get('sextant:invoke');
  const event = { senderFrame: { url: win.url }, sender: win.webContents };
  const foreign = { senderFrame: { url: 'https://example.com/' }, sender: win.webContents };
  const info = await invoke(event, 'system.info', {});
  const datasets = await invoke(event, 'datasets.list', {});
  const refused = await invoke(foreign, 'system.info', {});
  const nav = { prevented: false, preventDefault() { this.prevented = true; } };
  win.webContents.emit('will-navigate', nav, 'https://example.com/');
  const opened = win.webContents.windowOpenHandler ? win.webContents.windowOpenHandler({ url: 'https://example.com/' }) : null;
  const report = {
    windows: recorded.windows.map((w) => ({ url: w.url, webPreferences: w.options.webPreferences })),
    info,
    datasets: datasets.ok ? datasets.value.length : datasets,
    refused,
    navigationBlocked: nav.prevented,
    windowOpen: opened,
    csp: recorded.headers ? await new Promise((r) => recorded.headers({ responseHeaders: {} }, (h) => r(h.responseHeaders['Content-Security-Policy']))) : null,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  const quit = recorded.appEvents.get('will-quit');
  if (quit) quit({ preventDefault() {} });
  setTimeout(() => process.exit(0), 500);
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});

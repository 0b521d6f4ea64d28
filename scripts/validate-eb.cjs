// Validates electron-builder.yml against electron-builder's schema without building or downloading.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

(async () => {
  const file = process.argv[2] || 'electron-builder.yml';
  const config = await getConfig(process.cwd(), file, null);
  await validateConfiguration(config, new DebugLogger(false));
  const targets = ['linux', 'mac', 'win'].map((p) => `${p}: ${(config[p]?.target ?? []).map((t) => (typeof t === 'string' ? t : t.target)).join(', ')}`);
  console.log(`${file} is valid (${targets.join('; ')})`);
})().catch((error) => {
  console.error(String(error.message || error));
  process.exit(1);
});

/**
 * The trading configuration a CLI run trades under: trading.yaml of the data folder when it exists
 * (the same limits and strategy settings as the app), else the defaults. An invalid file stops the
 * run with its problems: a script must never trade under limits the user did not mean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../shared/errors';
import { DEFAULT_TRADING_CONFIG, type TradingConfig } from '../../shared/trading/trading-config';
import { readTradingConfig, TRADING_CONFIG_FILE } from '../../shared/trading/trading-config-yaml';
import type { Logger } from '../log';

export function readTradingConfigForCli(dataDir: string, log: Logger): TradingConfig {
  const file = path.join(dataDir, TRADING_CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    log.info('trading', `${file} does not exist: trading with the default limits`);
    return DEFAULT_TRADING_CONFIG;
  }
  const read = readTradingConfig(text);
  if (!read.ok) throw new InputError(`${file} is not valid, fix it first: ${read.problems.map((p) => p.text).join('; ')}`);
  return read.config;
}

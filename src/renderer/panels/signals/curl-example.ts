import type { SignalEndpointView } from '../../../shared/ipc/services/signals';

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A POST of one signal with curl, reading the token from its file at run time, so the example can
 * be shown and copied without the token in it.
 */
export function curlExample(view: SignalEndpointView, now: number): string {
  const url = view.url ?? `http://127.0.0.1:${view.port}/v1/signals`;
  const token = view.tokenFile ? `$(cat ${shellQuote(view.tokenFile)})` : '<token>';
  const signal = {
    symbol: 'SPY',
    action: 'BUY',
    quantity: 1,
    confidence: 0.7,
    strategy_id: 'my-script',
    timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  return [`curl -sS -X POST ${url} \\`, `  -H "Authorization: Bearer ${token}" \\`, `  -H "Content-Type: application/json" \\`, `  -d ${shellQuote(JSON.stringify(signal))}`].join('\n');
}

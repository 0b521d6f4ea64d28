import { SignalEndpointSettingsSchema } from '../../../../shared/trading/trading-config';
import { numberRow, type NumberRowSpec } from '../form/number-rows';

const defaults = SignalEndpointSettingsSchema.parse({});
const at = (key: string) => ['execution', 'signalEndpoint', key] as const;

/** The local signal endpoint's numbers (it listens on 127.0.0.1 only). */
export const ENDPOINT_ROWS: readonly NumberRowSpec[] = [
  numberRow({ id: 'port', label: 'Port', help: 'On 127.0.0.1 only (1024 to 65535).', nullable: false, path: at('port'), unit: 'tcp', defaultValue: defaults.port }),
  numberRow({ id: 'maxPerSecond', label: 'Rate', help: 'Signals per second sustained, per connection.', nullable: false, path: at('maxPerSecond'), unit: 'per s', defaultValue: defaults.maxPerSecond }),
  numberRow({ id: 'burst', label: 'Burst', help: 'Signals allowed at once above the rate.', nullable: false, path: at('burst'), unit: 'signals', defaultValue: defaults.burst }),
];

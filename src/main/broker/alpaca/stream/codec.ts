/**
 * Frame codecs for Alpaca's streams. The market-data stream speaks msgpack when the upgrade carries
 * `Content-Type: application/msgpack` (what Alpaca's SDKs do) and JSON otherwise; the trading stream
 * is JSON, in binary frames. Msgpack timestamps (ext −1) decode straight to epoch milliseconds: no
 * Date object per message.
 */
import { Decoder, Encoder, ExtensionCodec, EXT_TIMESTAMP, decodeTimestampToTimeSpec } from '@msgpack/msgpack';

export type StreamCodec = 'msgpack' | 'json';

export interface FrameCodec {
  readonly name: StreamCodec;
  /** Headers for the WebSocket upgrade that select this codec. */
  readonly upgradeHeaders: Readonly<Record<string, string>>;
  decode(data: Buffer): unknown;
  encode(value: unknown): string | Uint8Array;
}

function timestampToEpochMs(data: Uint8Array): number {
  const { sec, nsec } = decodeTimestampToTimeSpec(data);
  return sec * 1000 + Math.floor(nsec / 1e6);
}

export function createFrameCodec(name: StreamCodec): FrameCodec {
  if (name === 'json') {
    return {
      name,
      upgradeHeaders: {},
      decode: (data) => JSON.parse(data.toString('utf8')),
      encode: (value) => JSON.stringify(value),
    };
  }
  const extensionCodec = new ExtensionCodec();
  extensionCodec.register({ type: EXT_TIMESTAMP, encode: () => null, decode: timestampToEpochMs });
  const decoder = new Decoder({ extensionCodec });
  const encoder = new Encoder();
  return {
    name,
    upgradeHeaders: { 'Content-Type': 'application/msgpack' },
    decode: (data) => decoder.decode(data),
    encode: (value) => encoder.encode(value),
  };
}

/** A stream timestamp: epoch ms (msgpack) or an RFC-3339 string (JSON). NaN when neither. */
export function streamTimeMs(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  if (value instanceof Date) return value.getTime();
  return Number.NaN;
}

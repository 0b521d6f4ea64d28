import { describe, expect, it } from 'vitest';
import { zonedTimeToUtc, zoneOffsetMinutes } from '../../../src/shared/domain/time-format';
import { isKnownTimeZone, ZoneClock } from '../../../src/shared/market/zone-clock';

describe('ZoneClock', () => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Sao_Paulo'];

  it('gives the same offsets as Intl at 106-minute steps across 2019–2021', () => {
    for (const zone of zones) {
      const clock = new ZoneClock(zone);
      for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2022, 0, 1); t += 15 * 60_000 * 7 + 60_000) {
        if (clock.offsetAt(t) !== zoneOffsetMinutes(t, zone)) expect.fail(`${zone} at ${new Date(t).toISOString()}: ${clock.offsetAt(t)} vs ${zoneOffsetMinutes(t, zone)}`);
      }
    }
  });

  it('finds the instant of a daylight-saving change to the second', () => {
    const clock = new ZoneClock('America/New_York');
    const change = Date.UTC(2021, 2, 14, 7, 0, 0); // 02:00 EST → 03:00 EDT
    expect(clock.offsetAt(change - 1000)).toBe(-300);
    expect(clock.offsetAt(change)).toBe(-240);
  });

  it('turns wall-clock times into instants like zonedTimeToUtc, including across changes', () => {
    const clock = new ZoneClock('America/New_York');
    for (const [y, m, d, h, mi] of [[2021, 3, 12, 15, 0], [2021, 3, 14, 3, 30], [2021, 3, 15, 9, 30], [2021, 11, 7, 0, 30], [2021, 11, 8, 16, 0], [2021, 7, 1, 23, 59]] as const) {
      expect(clock.toUtc(Date.UTC(y, m - 1, d, h, mi))).toBe(zonedTimeToUtc(y, m, d, h, mi, 0, 'America/New_York'));
    }
    expect(new Date(clock.toUtc(Date.UTC(2021, 2, 15, 9, 30))).toISOString()).toBe('2021-03-15T13:30:00.000Z');
    expect(new Date(clock.toUtc(Date.UTC(2021, 2, 12, 9, 30))).toISOString()).toBe('2021-03-12T14:30:00.000Z');
  });

  it('knows which zone names exist', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { INITIAL_LIVE_MODE_STATE, LIVE_CHALLENGE_TTL_MS, liveModeStep, type LiveModeState } from '../../../src/shared/trading/live-mode';

const NONCE = 'n0nce-abc_DEF123';
const T0 = 1_700_000_000_000;

function requested(liveKeys = true, now = T0): LiveModeState {
  const step = liveModeStep(INITIAL_LIVE_MODE_STATE, { type: 'request_live', now, liveKeys, nonce: NONCE });
  if (!step.accepted) throw new Error(step.message);
  return step.state;
}

describe('live-mode state machine', () => {
  it('starts in paper with no challenge', () => {
    expect(INITIAL_LIVE_MODE_STATE).toEqual({ mode: 'paper', challenge: null });
  });

  it('issues a challenge with a phrase to type, valid for the TTL', () => {
    const step = liveModeStep(INITIAL_LIVE_MODE_STATE, { type: 'request_live', now: T0, liveKeys: true, nonce: NONCE });
    expect(step.accepted).toBe(true);
    const challenge = { id: NONCE, phrase: 'GO LIVE DEF123', issuedAt: T0, expiresAt: T0 + LIVE_CHALLENGE_TTL_MS };
    expect(step).toMatchObject({ challenge, state: { mode: 'paper', challenge } });
    expect(step.message).toBe('type "GO LIVE DEF123" to trade with real money');
  });

  it('refuses the request without live keys', () => {
    const step = liveModeStep(INITIAL_LIVE_MODE_STATE, { type: 'request_live', now: T0, liveKeys: false, nonce: NONCE });
    expect(step).toMatchObject({ accepted: false, refusal: 'no_live_keys', state: INITIAL_LIVE_MODE_STATE });
    expect(step.message).toMatch(/live trading needs live Alpaca keys/);
  });

  it('refuses a confirmation without a request', () => {
    const step = liveModeStep(INITIAL_LIVE_MODE_STATE, { type: 'confirm_live', now: T0, liveKeys: true, challengeId: NONCE, phrase: 'GO LIVE DEF123' });
    expect(step).toMatchObject({ accepted: false, refusal: 'no_challenge', state: INITIAL_LIVE_MODE_STATE });
  });

  it('refuses a wrong challenge, and spends the real one', () => {
    const step = liveModeStep(requested(), { type: 'confirm_live', now: T0 + 1000, liveKeys: true, challengeId: 'guess', phrase: 'GO LIVE DEF123' });
    expect(step).toMatchObject({ accepted: false, refusal: 'wrong_challenge', state: INITIAL_LIVE_MODE_STATE });
    const retry = liveModeStep(step.state, { type: 'confirm_live', now: T0 + 2000, liveKeys: true, challengeId: NONCE, phrase: 'GO LIVE DEF123' });
    expect(retry).toMatchObject({ accepted: false, refusal: 'no_challenge' });
  });

  it('refuses a wrong phrase, and spends the challenge', () => {
    const step = liveModeStep(requested(), { type: 'confirm_live', now: T0 + 1000, liveKeys: true, challengeId: NONCE, phrase: 'GO LIVE' });
    expect(step).toMatchObject({ accepted: false, refusal: 'wrong_phrase', state: INITIAL_LIVE_MODE_STATE });
    expect(step.message).toContain('"GO LIVE DEF123"');
  });

  it('refuses an expired challenge: accepted at the last millisecond, refused one later', () => {
    const state = requested();
    const confirm = (now: number) => liveModeStep(state, { type: 'confirm_live', now, liveKeys: true, challengeId: NONCE, phrase: 'GO LIVE DEF123' });
    expect(confirm(T0 + LIVE_CHALLENGE_TTL_MS).accepted).toBe(true);
    expect(confirm(T0 + LIVE_CHALLENGE_TTL_MS + 1)).toMatchObject({ accepted: false, refusal: 'challenge_expired', state: INITIAL_LIVE_MODE_STATE });
  });

  it('refuses the confirmation when the live keys went away after the request', () => {
    const step = liveModeStep(requested(), { type: 'confirm_live', now: T0 + 1000, liveKeys: false, challengeId: NONCE, phrase: 'GO LIVE DEF123' });
    expect(step).toMatchObject({ accepted: false, refusal: 'no_live_keys', state: INITIAL_LIVE_MODE_STATE });
  });

  it('enters live with keys, the right challenge and the phrase (case and spaces forgiven)', () => {
    const step = liveModeStep(requested(), { type: 'confirm_live', now: T0 + 5000, liveKeys: true, challengeId: NONCE, phrase: '  go   live def123 ' });
    expect(step).toMatchObject({ accepted: true, state: { mode: 'live', since: T0 + 5000 } });
  });

  it('a new request replaces the pending challenge', () => {
    const first = requested();
    const second = liveModeStep(first, { type: 'request_live', now: T0 + 10, liveKeys: true, nonce: 'other-nonce-XYZ789' });
    expect(second.accepted && second.challenge?.phrase).toBe('GO LIVE XYZ789');
    const stale = liveModeStep(second.state, { type: 'confirm_live', now: T0 + 20, liveKeys: true, challengeId: NONCE, phrase: 'GO LIVE DEF123' });
    expect(stale).toMatchObject({ accepted: false, refusal: 'wrong_challenge' });
  });

  it('refuses request and confirm while already live', () => {
    const live: LiveModeState = { mode: 'live', since: T0 };
    expect(liveModeStep(live, { type: 'request_live', now: T0, liveKeys: true, nonce: NONCE })).toMatchObject({ accepted: false, refusal: 'already_live', state: live });
    expect(liveModeStep(live, { type: 'confirm_live', now: T0, liveKeys: true, challengeId: NONCE, phrase: 'x' })).toMatchObject({ accepted: false, refusal: 'already_live', state: live });
  });

  it('leaves live at once and without conditions; in paper it clears a pending challenge', () => {
    const live: LiveModeState = { mode: 'live', since: T0 };
    expect(liveModeStep(live, { type: 'leave_live', now: T0 + 1, reason: 'keys removed' })).toEqual({
      accepted: true,
      state: INITIAL_LIVE_MODE_STATE,
      message: 'left live trading: keys removed',
    });
    expect(liveModeStep(requested(), { type: 'leave_live', now: T0 + 1, reason: 'x' })).toMatchObject({ accepted: true, state: INITIAL_LIVE_MODE_STATE, message: 'already paper' });
  });

  it('refuses a nonce too short to make a phrase', () => {
    expect(() => liveModeStep(INITIAL_LIVE_MODE_STATE, { type: 'request_live', now: T0, liveKeys: true, nonce: '--ab--' })).toThrow(/nonce too short/);
  });
});

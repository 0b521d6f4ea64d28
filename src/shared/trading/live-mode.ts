/**
 * How Sextant enters live trading (issue 5: "live only with live keys, an explicit switch and a
 * confirmation"). Neither the YAML file nor a settings update can do it: they may only *request*
 * live. The switch is two calls: `request_live` (live keys must be present) answers a challenge
 * with a phrase to type; `confirm_live` with that challenge's id and phrase, before it expires and
 * with the keys still present, enters live. Any failed confirmation spends the challenge.
 * Leaving live is always allowed and immediate.
 *
 * Pure: the caller supplies the time, whether live keys are present and a random nonce.
 */

export type EffectiveMode = 'paper' | 'live';

export interface LiveChallenge {
  /** Opaque, random; the caller must send it back. */
  readonly id: string;
  /** What the user types to confirm, e.g. `GO LIVE 7QX2KD`. */
  readonly phrase: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type LiveModeState =
  | { readonly mode: 'paper'; readonly challenge: LiveChallenge | null }
  | { readonly mode: 'live'; readonly since: number };

export const INITIAL_LIVE_MODE_STATE: LiveModeState = { mode: 'paper', challenge: null };

/** Long enough to read the dialog and type the phrase, short enough that a stale one is useless. */
export const LIVE_CHALLENGE_TTL_MS = 120_000;

export type LiveModeCommand =
  | { readonly type: 'request_live'; readonly now: number; readonly liveKeys: boolean; readonly nonce: string }
  | { readonly type: 'confirm_live'; readonly now: number; readonly liveKeys: boolean; readonly challengeId: string; readonly phrase: string }
  | { readonly type: 'leave_live'; readonly now: number; readonly reason: string };

export type LiveModeRefusal = 'no_live_keys' | 'already_live' | 'no_challenge' | 'wrong_challenge' | 'challenge_expired' | 'wrong_phrase';

export type LiveModeStep =
  | { readonly accepted: true; readonly state: LiveModeState; readonly message: string; readonly challenge?: LiveChallenge }
  | { readonly accepted: false; readonly state: LiveModeState; readonly refusal: LiveModeRefusal; readonly message: string };

const NO_KEYS = 'live trading needs live Alpaca keys: enter them in settings (or set APCA_API_KEY_ID / APCA_API_SECRET_KEY to live keys) first';

/** The code in the phrase: six letters and digits from the nonce, upper case. */
function phraseCode(nonce: string): string {
  const code = nonce.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(-6);
  if (code.length < 6) throw new Error('live-mode nonce too short: at least 6 letters or digits are needed');
  return code;
}

/** How a typed phrase is compared: case, surrounding and repeated spaces do not matter. */
export function normalisePhrase(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}

export function liveModeStep(state: LiveModeState, command: LiveModeCommand, ttlMs: number = LIVE_CHALLENGE_TTL_MS): LiveModeStep {
  switch (command.type) {
    case 'request_live': {
      if (state.mode === 'live') return { accepted: false, state, refusal: 'already_live', message: 'already trading live' };
      if (!command.liveKeys) return { accepted: false, state: INITIAL_LIVE_MODE_STATE, refusal: 'no_live_keys', message: NO_KEYS };
      const challenge: LiveChallenge = {
        id: command.nonce,
        phrase: `GO LIVE ${phraseCode(command.nonce)}`,
        issuedAt: command.now,
        expiresAt: command.now + ttlMs,
      };
      return { accepted: true, state: { mode: 'paper', challenge }, challenge, message: `type "${challenge.phrase}" to trade with real money` };
    }
    case 'confirm_live': {
      if (state.mode === 'live') return { accepted: false, state, refusal: 'already_live', message: 'already trading live' };
      const challenge = state.challenge;
      const spent: LiveModeState = INITIAL_LIVE_MODE_STATE;
      if (challenge === null) return { accepted: false, state: spent, refusal: 'no_challenge', message: 'no switch to live was requested: request it first' };
      if (command.challengeId !== challenge.id) {
        return { accepted: false, state: spent, refusal: 'wrong_challenge', message: 'this confirmation is not for the current request: request the switch again' };
      }
      if (command.now > challenge.expiresAt) {
        return { accepted: false, state: spent, refusal: 'challenge_expired', message: 'the confirmation came too late: request the switch again' };
      }
      if (normalisePhrase(command.phrase) !== normalisePhrase(challenge.phrase)) {
        return { accepted: false, state: spent, refusal: 'wrong_phrase', message: `the phrase typed was not "${challenge.phrase}": request the switch again` };
      }
      if (!command.liveKeys) return { accepted: false, state: spent, refusal: 'no_live_keys', message: NO_KEYS };
      return { accepted: true, state: { mode: 'live', since: command.now }, message: 'trading live' };
    }
    case 'leave_live':
      return {
        accepted: true,
        state: INITIAL_LIVE_MODE_STATE,
        message: state.mode === 'live' ? `left live trading: ${command.reason}` : 'already paper',
      };
  }
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import type { TradingConfig } from '../../../../shared/trading/trading-config';
import { IpcRequestError } from '../../../ipc/client-core';
import { useUpdateTradingConfig } from '../../../queries/trading-config';
import { keyOf, patchOf, type PatchEntry } from './config-paths';
import type { ProblemMap } from './number-rows';
import { problemsFromDetails, type SaveOutcome } from './save-outcome';

/** How a form reads its values out of the configuration and turns edits into a patch. */
export interface DraftSpec<D> {
  read(config: TradingConfig): D;
  /** The keys that differ from `config`, and values that could not be read at all. */
  toPatch(draft: D, config: TradingConfig): { entries: PatchEntry[]; problems: ProblemMap };
}

export interface ConfigDraft<D> {
  readonly draft: D;
  setDraft(update: (draft: D) => D): void;
  /** The form differs from the configuration it was filled from. */
  readonly dirty: boolean;
  /** trading.yaml changed on disk while the form held unsaved edits: a save will be refused as a conflict. */
  readonly stale: boolean;
  readonly saving: boolean;
  readonly outcome: SaveOutcome | null;
  /** The problems to show, by key: the form's own and those main answered. */
  readonly problems: ProblemMap;
  /** Saves the edits; `overwrite` applies them to the file as it is now, after a conflict. */
  save(options?: { overwrite?: boolean }): Promise<void>;
  /** Back to the values in force. */
  discard(): void;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A form over part of trading.yaml. It follows the file while untouched (an edit on disk shows up
 * at once), keeps the user's edits when the file changes under them and says so, and saves only
 * the keys that changed, with the hash it was filled from so a conflicting edit is refused.
 */
export function useConfigDraft<D>(state: TradingConfigState, spec: DraftSpec<D>): ConfigDraft<D> {
  const [base, setBase] = useState({ hash: state.hash, config: state.config });
  const [draft, setDraftState] = useState(() => spec.read(state.config));
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const update = useUpdateTradingConfig();
  const clean = useMemo(() => spec.read(base.config), [spec, base]);
  const dirty = !same(draft, clean);

  useEffect(() => {
    if (state.hash === base.hash && same(state.config, base.config)) return;
    if (!dirty) {
      setBase({ hash: state.hash, config: state.config });
      setDraftState(spec.read(state.config));
    }
  }, [state, base, dirty, spec]);

  const setDraft = useCallback((change: (draft: D) => D) => {
    setDraftState(change);
    setOutcome((previous) => (previous?.kind === 'saved' || previous?.kind === 'nothing' ? null : previous));
  }, []);

  const save = async (options: { overwrite?: boolean } = {}) => {
    const { entries, problems } = spec.toPatch(draft, base.config);
    if (Object.keys(problems).length > 0) {
      setOutcome({ kind: 'invalid', problems, message: 'Some values are not numbers; nothing was saved.' });
      return;
    }
    if (entries.length === 0) {
      setOutcome({ kind: 'nothing' });
      return;
    }
    try {
      const next = await update.mutateAsync({ patch: patchOf(entries), baseHash: options.overwrite ? state.hash : base.hash });
      setBase({ hash: next.hash, config: next.config });
      setDraftState(spec.read(next.config));
      setOutcome({ kind: 'saved', keys: entries.map(([path]) => keyOf(path)) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof IpcRequestError && error.code === 'conflict') setOutcome({ kind: 'conflict', message });
      else if (error instanceof IpcRequestError && error.code === 'invalid_payload') setOutcome({ kind: 'invalid', problems: problemsFromDetails(error.details), message });
      else setOutcome({ kind: 'error', message });
    }
  };

  const discard = () => {
    setBase({ hash: state.hash, config: state.config });
    setDraftState(spec.read(state.config));
    setOutcome(null);
  };

  return {
    draft,
    setDraft,
    dirty,
    stale: dirty && state.hash !== base.hash,
    saving: update.isPending,
    outcome,
    problems: outcome?.kind === 'invalid' ? outcome.problems : {},
    save,
    discard,
  };
}

import { FieldProblems } from './FieldProblems';
import type { ConfigDraft } from './useConfigDraft';

/**
 * Save and discard, what the last save did, and a conflict's way out. Problems of keys no field
 * of the form shows (the file as a whole, say) are listed here.
 */
export function SaveBar<D>({ form, testId, fieldKeys }: { form: ConfigDraft<D>; testId: string; fieldKeys: readonly string[] }) {
  const { outcome } = form;
  const shown = (key: string) => fieldKeys.some((field) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`));
  const elsewhere = outcome?.kind === 'invalid' ? Object.entries(outcome.problems).filter(([key]) => !shown(key)) : [];
  return (
    <div className="save-bar" data-testid={`${testId}-bar`}>
      <button type="button" className="primary" data-testid={`${testId}-save`} disabled={form.saving || !form.dirty} onClick={() => void form.save()}>
        {form.saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" disabled={form.saving || !form.dirty} onClick={form.discard}>
        Discard
      </button>
      <span className="save-status" data-testid={`${testId}-status`} role="status">
        {form.stale && outcome?.kind !== 'conflict' && <span className="warn">trading.yaml changed on disk while you were editing: saving will ask what to do.</span>}
        {!form.stale && form.dirty && !outcome && <span className="muted">Unsaved changes</span>}
        {outcome?.kind === 'saved' && <span className="ok">Saved to trading.yaml: {outcome.keys.join(', ')}</span>}
        {outcome?.kind === 'nothing' && <span className="muted">Nothing changed.</span>}
        {outcome?.kind === 'invalid' && <span className="bad">Not saved: {Object.keys(outcome.problems).length > 0 ? 'see the problems named by key.' : outcome.message}</span>}
        {outcome?.kind === 'error' && <span className="bad">Not saved: {outcome.message}</span>}
      </span>
      {elsewhere.map(([key, messages]) => (
        <FieldProblems key={key} field={key || 'trading.yaml'} messages={messages} />
      ))}
      {outcome?.kind === 'conflict' && (
        <div className="conflict" role="alert" data-testid={`${testId}-conflict`}>
          <span>Not saved: trading.yaml changed on disk after this form was filled in.</span>
          <button type="button" onClick={form.discard}>
            Reload from the file
          </button>
          <button type="button" onClick={() => void form.save({ overwrite: true })}>
            Apply my changes to the new file
          </button>
        </div>
      )}
    </div>
  );
}

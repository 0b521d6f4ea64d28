import type { AlpacaKeyMode } from '../../../../shared/ipc/services/secrets';
import { useClearAlpacaKeys, useSecretsStatus } from '../../../queries/secrets';
import { KeyPairForm } from './KeyPairForm';
import { KeyPairStatus } from './KeyPairStatus';
import { StorageNotice } from './StorageNotice';

const TITLES: Record<AlpacaKeyMode, { title: string; help: string }> = {
  paper: { title: 'Paper account', help: 'For Alpaca’s paper trading (no real money). Key ids begin with PK.' },
  live: { title: 'Live account', help: 'Real money. Needed to go live. Key ids begin with AK.' },
};

/** The Alpaca keys: their status, write-only entry, removal, and where they are kept. */
export function KeysSection({ focus }: { focus?: AlpacaKeyMode }) {
  const status = useSecretsStatus();
  const clear = useClearAlpacaKeys();
  if (status.isLoading) return <div className="panel-empty">Reading the keys…</div>;
  if (status.error || !status.data) return <div className="panel-error">Could not read the keys: {status.error?.message}</div>;
  const { storage, alpaca } = status.data;
  return (
    <section className="settings-section" data-testid="keys-settings" aria-label="API keys">
      <StorageNotice storage={storage} />
      {(['paper', 'live'] as const).map((mode) => {
        const pair = alpaca[mode];
        const saved = pair.present && pair.source === storage.backend;
        return (
          <article key={mode} className={`key-card key-card-${mode}${focus === mode ? ' focused' : ''}`} data-testid={`keys-${mode}`}>
            <header>
              <h4>{TITLES[mode].title}</h4>
              <span className="setting-help">{TITLES[mode].help}</span>
            </header>
            <KeyPairStatus status={pair} />
            {storage.writable && <KeyPairForm mode={mode} replacing={saved} autoFocus={focus === mode} />}
            {saved && storage.writable && (
              <button type="button" className="clear-keys" data-testid={`clear-keys-${mode}`} disabled={clear.isPending} onClick={() => clear.mutate(mode)}>
                Remove the saved {mode} keys
              </button>
            )}
          </article>
        );
      })}
      {clear.error && <p className="bad" role="alert">{clear.error.message}</p>}
      <p className="section-note">
        Environment variables <code>APCA_API_KEY_ID</code> / <code>APCA_API_SECRET_KEY</code> are used when no pair is saved here. Secrets are never shown again, logged, or written to the database.
      </p>
    </section>
  );
}

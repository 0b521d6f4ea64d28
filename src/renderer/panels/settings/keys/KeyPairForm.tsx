import { useState } from 'react';
import { AlpacaKeyIdInput, AlpacaSecretInput, type AlpacaKeyMode } from '../../../../shared/ipc/services/secrets';
import { useSetAlpacaKeys } from '../../../queries/secrets';

export interface KeyPairFormProps {
  readonly mode: AlpacaKeyMode;
  readonly replacing: boolean;
  readonly autoFocus?: boolean;
}

function firstIssue(schema: typeof AlpacaKeyIdInput | typeof AlpacaSecretInput, value: string): string | null {
  if (value.trim() === '') return null;
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'not valid');
}

/**
 * Write-only entry of a key pair: what is typed goes to main once and the fields are emptied; the
 * secret is never shown again, anywhere.
 */
export function KeyPairForm({ mode, replacing, autoFocus }: KeyPairFormProps) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const save = useSetAlpacaKeys();
  const keyIdIssue = firstIssue(AlpacaKeyIdInput, keyId);
  const secretIssue = firstIssue(AlpacaSecretInput, secret);
  const ready = keyId.trim() !== '' && secret.trim() !== '' && !keyIdIssue && !secretIssue;
  return (
    <form
      className="key-form"
      autoComplete="off"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        save.mutate(
          { mode, keyId, secret },
          {
            onSuccess: () => {
              setKeyId('');
              setSecret('');
            },
          },
        );
      }}
    >
      <label>
        <span>Key id</span>
        <input type="text" autoComplete="off" spellCheck={false} autoFocus={autoFocus} data-testid={`key-id-${mode}`} placeholder={mode === 'live' ? 'AK…' : 'PK…'} value={keyId} onChange={(event) => setKeyId(event.target.value)} />
      </label>
      <label>
        <span>Secret</span>
        <input type="password" autoComplete="new-password" spellCheck={false} data-testid={`secret-${mode}`} value={secret} onChange={(event) => setSecret(event.target.value)} />
      </label>
      <button type="submit" className={mode === 'live' ? 'danger-outline' : 'primary'} data-testid={`save-keys-${mode}`} disabled={!ready || save.isPending}>
        {save.isPending ? 'Saving…' : replacing ? 'Replace keys' : 'Save keys'}
      </button>
      {(keyIdIssue || secretIssue) && <span className="bad">{keyIdIssue ?? secretIssue}</span>}
      {save.error && (
        <span className="bad" role="alert" data-testid={`keys-error-${mode}`}>
          {save.error.message}
        </span>
      )}
      {save.isSuccess && !save.isPending && <span className="ok">Saved.</span>}
    </form>
  );
}

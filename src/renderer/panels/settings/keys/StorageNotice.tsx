import type { SecretStorageView } from '../../../../shared/ipc/services/secrets';

const WHY_NO_KEYCHAIN: Record<SecretStorageView['host'], string> = {
  web: 'because this is the web host, which cannot reach the OS keychain',
  cli: 'because the command line runs without Electron, which cannot reach the OS keychain',
  test: 'because this is a test run',
  electron: 'because the OS keychain is not in use',
};

/** Where keys entered here are kept, said plainly: the OS keychain, or an unencrypted file and why. */
export function StorageNotice({ storage }: { storage: SecretStorageView }) {
  if (storage.backend === 'keychain') {
    return (
      <p className="storage-notice ok" data-testid="key-storage">
        Stored in the OS keychain (Electron safeStorage); only ciphertext is written, to <code>{storage.location}</code>.
      </p>
    );
  }
  if (storage.backend === 'environment') {
    return (
      <p className="storage-notice warn" data-testid="key-storage">
        Keys come from environment variables only (<code>APCA_API_KEY_ID</code>, <code>APCA_API_SECRET_KEY</code>); they cannot be saved from here.
      </p>
    );
  }
  return (
    <p className="storage-notice warn" data-testid="key-storage">
      <strong>Stored unencrypted</strong> in <code>{storage.location}</code> {WHY_NO_KEYCHAIN[storage.host]}. The file is readable only by your user account (mode 0600), but anyone with access to that account can read the keys. The desktop app keeps them in the OS keychain instead.
    </p>
  );
}

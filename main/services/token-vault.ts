/**
 * Keeps the agent's sign-in token between launches, encrypted by the OS (Keychain, DPAPI, or a Linux
 * secret store) through Electron's safeStorage, received here as a capability so the policy is tested
 * without Electron. Where Linux has no secret store, Electron falls back to a hard-coded key
 * ("basic_text"): that is not protection, so the token is then kept in memory only and the agent is told
 * why they sign in again after a restart.
 */
export interface SafeStorageCapability {
  isEncryptionAvailable(): Promise<boolean>;
  /** Linux only: the secret store in use ("gnome_libsecret", "kwallet5", "basic_text"…); null elsewhere. */
  storageBackend(): string | null;
  encrypt(plainText: string): Promise<Uint8Array>;
  decrypt(encrypted: Uint8Array): Promise<string>;
}

/** Where the encrypted token lives (a file under the app's user data folder). */
export interface VaultFile {
  read(): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

export type VaultPolicy = { readonly persist: true } | { readonly persist: false; readonly reason: string };

const UNPROTECTED_BACKENDS = new Set(['basic_text', 'unknown']);

export const NO_SECRET_STORE_REASON =
  'This computer has no password store (such as GNOME Keyring or KWallet) for Switchboard to lock your sign-in in, so you will be asked to sign in each time Switchboard starts.';

export class TokenVault {
  private memory: string | null = null;

  constructor(
    private readonly safeStorage: SafeStorageCapability,
    private readonly file: VaultFile,
  ) {}

  async policy(): Promise<VaultPolicy> {
    const backend = this.safeStorage.storageBackend();
    if (backend !== null && UNPROTECTED_BACKENDS.has(backend)) return { persist: false, reason: NO_SECRET_STORE_REASON };
    if (!(await this.safeStorage.isEncryptionAvailable())) return { persist: false, reason: NO_SECRET_STORE_REASON };
    return { persist: true };
  }

  /** Keeps the token for this run, and on disk only if the OS can protect it; says which. */
  async save(token: string): Promise<VaultPolicy> {
    this.memory = token;
    const policy = await this.policy();
    if (policy.persist) await this.file.write(await this.safeStorage.encrypt(token));
    else await this.file.remove(); // a copy from a time when a store existed must not linger
    return policy;
  }

  /** The token of this run, or the one stored by an earlier run; null if none can be read back. */
  async load(): Promise<string | null> {
    if (this.memory !== null) return this.memory;
    if (!(await this.policy()).persist) return null;
    const stored = await this.file.read();
    if (!stored) return null;
    try {
      this.memory = await this.safeStorage.decrypt(stored);
      return this.memory;
    } catch {
      // Encrypted under another OS account or a reset keyring: unreadable for good, so forget it.
      await this.file.remove();
      return null;
    }
  }

  async clear(): Promise<void> {
    this.memory = null;
    await this.file.remove();
  }
}

import { describe, expect, it } from 'vitest';
import { NO_SECRET_STORE_REASON, TokenVault, type SafeStorageCapability, type VaultFile } from '../../../main/services/token-vault';

/** Stands in for Electron's safeStorage (the Electron binary cannot run here): a reversible cipher. */
function fakeSafeStorage(options: { backend: string | null; available?: boolean; key?: number }): SafeStorageCapability {
  const key = options.key ?? 7;
  return {
    isEncryptionAvailable: async () => options.available ?? true,
    storageBackend: () => options.backend,
    encrypt: async (text) => Uint8Array.from(Buffer.from(text, 'utf8'), (b) => b ^ key),
    decrypt: async (bytes) => {
      const text = Buffer.from(Uint8Array.from(bytes, (b) => b ^ key)).toString('utf8');
      if (!text.startsWith('tok')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text;
    },
  };
}

function memoryFile(): VaultFile & { bytes: Uint8Array | null } {
  const file = {
    bytes: null as Uint8Array | null,
    read: async () => file.bytes,
    write: async (bytes: Uint8Array) => {
      file.bytes = bytes;
    },
    remove: async () => {
      file.bytes = null;
    },
  };
  return file;
}

describe('sign-in token vault', () => {
  it('keeps the token encrypted on disk where the OS has a secret store, and reads it back next launch', async () => {
    const file = memoryFile();
    expect(await new TokenVault(fakeSafeStorage({ backend: 'gnome_libsecret' }), file).save('tok-123')).toEqual({ persist: true });
    expect(Buffer.from(file.bytes!).toString('utf8')).not.toContain('tok-123');
    expect(await new TokenVault(fakeSafeStorage({ backend: 'gnome_libsecret' }), file).load()).toBe('tok-123');
    expect(await new TokenVault(fakeSafeStorage({ backend: null }), file).load()).toBe('tok-123'); // macOS, Windows
  });

  it('does not write the token where Linux only offers the hard-coded basic_text key, and says why', async () => {
    const file = memoryFile();
    const vault = new TokenVault(fakeSafeStorage({ backend: 'basic_text' }), file);
    expect(await vault.save('tok-123')).toEqual({ persist: false, reason: NO_SECRET_STORE_REASON });
    expect(file.bytes).toBeNull();
    expect(await vault.load()).toBe('tok-123'); // still signed in for this run
    expect(await new TokenVault(fakeSafeStorage({ backend: 'basic_text' }), file).load()).toBeNull(); // next launch: sign in
  });

  it('removes a copy stored earlier once no secret store protects it, and forgets one it cannot decrypt', async () => {
    const file = memoryFile();
    await new TokenVault(fakeSafeStorage({ backend: 'kwallet5' }), file).save('tok-old');
    await new TokenVault(fakeSafeStorage({ backend: 'kwallet5', available: false }), file).save('tok-new');
    expect(file.bytes).toBeNull();

    await new TokenVault(fakeSafeStorage({ backend: null, key: 7 }), file).save('tok-abc');
    expect(await new TokenVault(fakeSafeStorage({ backend: null, key: 9 }), file).load()).toBeNull();
    expect(file.bytes).toBeNull();
  });

  it('signing out clears memory and disk', async () => {
    const file = memoryFile();
    const vault = new TokenVault(fakeSafeStorage({ backend: null }), file);
    await vault.save('tok-123');
    await vault.clear();
    expect(await vault.load()).toBeNull();
    expect(file.bytes).toBeNull();
  });
});

import { create } from 'zustand';
import { ACTIONS, effectiveKeymap, validateRemap, type ActionId, type KeyBinding, type KeyOverrides } from './keymap';

const STORAGE_KEY = 'switchboard.keymap';

/** The agent's own key choices, kept in this browser profile (the desktop app will keep them in its settings). */
function load(): KeyOverrides {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    const overrides: Record<string, readonly string[]> = {};
    for (const id of ACTIONS) {
      const keys = parsed[id];
      if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) overrides[id] = keys;
    }
    // Nothing of the agent's own: the defaults, as shipped (checked by the keymap's tests, not at each start).
    if (Object.keys(overrides).length === 0) return overrides;
    // A stored set that no longer validates (keymap changed since) is dropped rather than half-applied.
    const keymap = effectiveKeymap(overrides);
    for (const binding of keymap) {
      if (!validateRemap(keymap, binding.id, binding.keys).ok) return {};
    }
    return overrides;
  } catch {
    return {};
  }
}

interface KeymapState {
  readonly overrides: KeyOverrides;
  readonly keymap: readonly KeyBinding[];
  remapped(id: ActionId, keys: readonly string[]): { ok: true } | { ok: false; message: string };
  resetToDefaults(): void;
}

const useKeymapStore = create<KeymapState>()((set, get) => {
  const overrides = load();
  return {
    overrides,
    keymap: effectiveKeymap(overrides),
    remapped: (id, keys) => {
      const checked = validateRemap(get().keymap, id, keys);
      if (!checked.ok) return { ok: false, message: checked.error.reason };
      const next = { ...get().overrides, [id]: checked.value };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      set({ overrides: next, keymap: effectiveKeymap(next) });
      return { ok: true };
    },
    resetToDefaults: () => {
      localStorage.removeItem(STORAGE_KEY);
      set({ overrides: {}, keymap: effectiveKeymap() });
    },
  };
});

export const useKeymap = () => useKeymapStore((s) => s.keymap);
export const keymapActions = () => useKeymapStore.getState();

import { describe, expect, it } from 'vitest';
import { ACTIONS, DEFAULT_KEYMAP, effectiveKeymap, formatKeys, normaliseKeys, validateRemap } from '../../../renderer/hotkeys/keymap';

describe('keymap', () => {
  it('binds every action, and no key twice', () => {
    expect(DEFAULT_KEYMAP.map((b) => b.id).sort()).toEqual([...ACTIONS].sort());
    const keys = DEFAULT_KEYMAP.flatMap((b) => b.keys.map((k) => normaliseKeys(k)));
    expect(new Set(keys).size).toBe(keys.length);
    for (const binding of DEFAULT_KEYMAP) {
      const others = DEFAULT_KEYMAP.filter((b) => b.id !== binding.id);
      expect(validateRemap(others, binding.id, binding.keys)).toMatchObject({ ok: true });
    }
  });

  it('accepts a free key and applies it as an override', () => {
    const result = validateRemap(DEFAULT_KEYMAP, 'ticket.resolve', ['Shift+R']);
    expect(result).toEqual({ ok: true, value: ['Shift+r'] });
    const keymap = effectiveKeymap({ 'ticket.resolve': ['Shift+r'] });
    expect(keymap.find((b) => b.id === 'ticket.resolve')?.keys).toEqual(['Shift+r']);
  });

  it('refuses a key another action uses, naming that action', () => {
    expect(validateRemap(DEFAULT_KEYMAP, 'ticket.resolve', ['J'])).toEqual({
      ok: false,
      error: { code: 'hotkey_conflict', reason: 'J is already used by "Next ticket".' },
    });
    expect(validateRemap(DEFAULT_KEYMAP, 'ticket.resolve', ['ctrl+K'])).toMatchObject({ ok: true });
    expect(validateRemap(DEFAULT_KEYMAP, 'ticket.resolve', ['$mod+K'])).toMatchObject({ ok: false, error: { code: 'hotkey_conflict' } });
  });

  it('refuses a key that would start or swallow a sequence', () => {
    const prefix = validateRemap(DEFAULT_KEYMAP, 'ticket.resolve', ['g']);
    expect(prefix).toMatchObject({ ok: false, error: { code: 'hotkey_conflict' } });
    expect(!prefix.ok && prefix.error.reason).toContain('one would start the other');
    expect(validateRemap(DEFAULT_KEYMAP, 'goto.done', ['j x'])).toMatchObject({ ok: false, error: { code: 'hotkey_conflict' } });
  });

  it('refuses text that is not a key', () => {
    for (const bad of [[], [''], ['Hyper+x'], ['ctrl+'], ['a b c d'], ['Shift+Shift+a']]) {
      expect(validateRemap(DEFAULT_KEYMAP, 'ticket.resolve', bad)).toMatchObject({ ok: false, error: { code: 'hotkey_invalid' } });
    }
  });

  it('reads well in the cheat sheet', () => {
    expect(formatKeys('$mod+k')).toBe('Ctrl+K');
    expect(formatKeys('$mod+k', true)).toBe('⌘K');
    expect(formatKeys('g m')).toBe('G then M');
    expect(formatKeys('Shift+?')).toBe('Shift+?');
  });
});

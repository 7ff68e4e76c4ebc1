import { useEffect } from 'react';
import { tinykeys, type KeyBindingMap } from 'tinykeys';
import type { ActionId, KeyBinding } from './keymap';

export type HotkeyHandlers = Partial<Record<ActionId, () => void>>;

/** A dialog, drawer or menu is open: plain keys belong to it, not to the queue behind it. */
const modalOpen = () => document.querySelector('[role="dialog"], .MuiModal-root') !== null;

/** The agent is typing: the key is text, not a command. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Enter or Space on a focused button (a search result, a dialog's action) is that button's press. */
function pressingButton(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return (event.key === 'Enter' || event.key === ' ') && Boolean(target?.closest('button, a[href], [role="button"]'));
}

/**
 * Binds the keymap to handlers. Plain keys never fire while the agent types in a field or a dialog
 * is open; the few bindings marked `inFields` (Escape, F2, the palette) always do.
 */
export function useHotkeys(keymap: readonly KeyBinding[], handlers: HotkeyHandlers): void {
  useEffect(() => {
    // A key press that completes a sequence ("g" then "r") must not also run the single-key binding of its
    // last key ("r" = resolve). tinykeys runs every match in one go, so single keys wait a microtask and
    // stand down if a sequence took the same event.
    const consumedBySequence = new WeakSet<KeyboardEvent>();
    const bindings: KeyBindingMap = {};
    for (const binding of keymap) {
      const handler = handlers[binding.id];
      if (!handler) continue;
      for (const keys of binding.keys) {
        const isSequence = keys.trim().includes(' ');
        bindings[keys] = (event) => {
          if (!binding.inFields && (typing(event) || modalOpen() || pressingButton(event))) return;
          event.preventDefault();
          if (isSequence) {
            consumedBySequence.add(event);
            handler();
          } else {
            queueMicrotask(() => {
              if (!consumedBySequence.has(event)) handler();
            });
          }
        };
      }
    }
    return tinykeys(window, bindings);
  }, [keymap, handlers]);
}

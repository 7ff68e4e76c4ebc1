import { ChoiceDialog } from '../components/ChoiceDialog';
import { formatKeys, type ActionId, type KeyBinding } from './keymap';

/** Every available action, from the same keymap as the handlers and the cheat sheet, for keys not learnt yet. */
export function CommandPalette({ keymap, available, onRun, onClose }: { keymap: readonly KeyBinding[]; available: ReadonlySet<ActionId>; onRun: (id: ActionId) => void; onClose: () => void }) {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const choices = keymap
    .filter((b) => available.has(b.id) && b.id !== 'palette.open')
    .map((b) => ({ id: b.id, primary: b.label, secondary: b.keys.map((k) => formatKeys(k, mac)).join(' or ') }));
  return <ChoiceDialog title="Command palette" inputLabel="Action" choices={choices} onChoose={(id) => onRun(id as ActionId)} onClose={onClose} />;
}

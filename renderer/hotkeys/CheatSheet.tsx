import { Dialog, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { formatKeys, type ActionId, type KeyBinding } from './keymap';

/** Generated from the same keymap the handlers use, so it can never disagree with them. */
export function CheatSheet({ keymap, available, onClose }: { keymap: readonly KeyBinding[]; available: ReadonlySet<ActionId>; onClose: () => void }) {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <Dialog open onClose={onClose} aria-labelledby="cheat-sheet-title">
      <DialogTitle id="cheat-sheet-title">Keyboard shortcuts</DialogTitle>
      {/* Focusable so the list scrolls from the keyboard. */}
      <DialogContent tabIndex={0}>
        <Table size="small" aria-label="Keyboard shortcuts">
          <TableBody>
            {keymap
              .filter((b) => available.has(b.id))
              .map((binding) => (
                <TableRow key={binding.id}>
                  <TableCell>{binding.label}</TableCell>
                  <TableCell>{binding.keys.map((k) => formatKeys(k, mac)).join(' or ')}</TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      </DialogContent>
    </Dialog>
  );
}

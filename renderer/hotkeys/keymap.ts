import { ok, refuse, type Result } from '../../core/result';

/**
 * One table drives the key handlers, the cheat sheet, the command palette and the settings screen.
 * Keys use tinykeys syntax: "j", "Shift+?", "$mod+k" (Ctrl on Windows/Linux, Cmd on macOS), and
 * sequences separated by a space ("g m": g, then m).
 */
export const ACTIONS = [
  'queue.next',
  'queue.previous',
  'ticket.open',
  'ticket.close',
  'priority.critical',
  'priority.high',
  'priority.medium',
  'priority.low',
  'ticket.category',
  'ticket.assignToMe',
  'ticket.assignTo',
  'ticket.team',
  'ticket.pendingCustomer',
  'ticket.escalate',
  'escalation.acknowledge',
  'escalation.deescalate',
  'ticket.resolve',
  'ticket.internalNote',
  'ticket.publicReply',
  'search.focus',
  'goto.myWork',
  'goto.team',
  'goto.unassigned',
  'goto.atRisk',
  'goto.escalated',
  'goto.breached',
  'goto.board',
  'goto.allOpen',
  'goto.done',
  'goto.customers',
  'call.open',
  'palette.open',
  'cheatSheet.open',
] as const;
export type ActionId = (typeof ACTIONS)[number];

export type ActionGroup = 'Move' | 'Triage' | 'Write' | 'Go to' | 'App';

export interface KeyBinding {
  readonly id: ActionId;
  readonly keys: readonly string[];
  readonly label: string;
  readonly group: ActionGroup;
  /** Fires even while the focus is in a text field (function keys and Escape only). */
  readonly inFields?: boolean;
}

export const DEFAULT_KEYMAP: readonly KeyBinding[] = [
  { id: 'queue.next', keys: ['j', 'ArrowDown'], label: 'Next ticket', group: 'Move' },
  { id: 'queue.previous', keys: ['k', 'ArrowUp'], label: 'Previous ticket', group: 'Move' },
  { id: 'ticket.open', keys: ['Enter'], label: 'Open ticket', group: 'Move' },
  { id: 'ticket.close', keys: ['Escape'], label: 'Back to the queue / close panel', group: 'Move', inFields: true },
  { id: 'priority.critical', keys: ['1'], label: 'Priority: critical', group: 'Triage' },
  { id: 'priority.high', keys: ['2'], label: 'Priority: high', group: 'Triage' },
  { id: 'priority.medium', keys: ['3'], label: 'Priority: medium', group: 'Triage' },
  { id: 'priority.low', keys: ['4'], label: 'Priority: low', group: 'Triage' },
  { id: 'ticket.category', keys: ['c'], label: 'Category…', group: 'Triage' },
  { id: 'ticket.assignToMe', keys: ['i'], label: 'Assign to me', group: 'Triage' },
  { id: 'ticket.assignTo', keys: ['a'], label: 'Assign to…', group: 'Triage' },
  { id: 'ticket.team', keys: ['t'], label: 'Move to team…', group: 'Triage' },
  { id: 'ticket.pendingCustomer', keys: ['p'], label: 'Pending customer', group: 'Triage' },
  { id: 'ticket.escalate', keys: ['e'], label: 'Escalate… (handover note)', group: 'Triage' },
  { id: 'escalation.acknowledge', keys: ['Shift+a'], label: 'Acknowledge the escalation… (optional note)', group: 'Triage' },
  { id: 'escalation.deescalate', keys: ['Shift+e'], label: 'De-escalate… (note for the agent)', group: 'Triage' },
  { id: 'ticket.resolve', keys: ['r'], label: 'Resolve… (resolution summary)', group: 'Triage' },
  { id: 'ticket.internalNote', keys: ['n'], label: 'Internal note', group: 'Write' },
  { id: 'ticket.publicReply', keys: ['m'], label: 'Public reply', group: 'Write' },
  { id: 'search.focus', keys: ['/'], label: 'Search', group: 'App' },
  { id: 'goto.myWork', keys: ['g m'], label: 'Go to My work', group: 'Go to' },
  { id: 'goto.team', keys: ['g t'], label: 'Go to Team queue', group: 'Go to' },
  { id: 'goto.unassigned', keys: ['g u'], label: 'Go to Unassigned', group: 'Go to' },
  { id: 'goto.atRisk', keys: ['g r'], label: 'Go to At risk', group: 'Go to' },
  { id: 'goto.escalated', keys: ['g e'], label: 'Go to Escalated', group: 'Go to' },
  { id: 'goto.breached', keys: ['g b'], label: 'Go to SLA breaches', group: 'Go to' },
  { id: 'goto.board', keys: ['g a'], label: 'Go to the team board (agents)', group: 'Go to' },
  { id: 'goto.allOpen', keys: ['g o'], label: 'Go to All open', group: 'Go to' },
  { id: 'goto.done', keys: ['g d'], label: 'Go to Resolved / Closed', group: 'Go to' },
  { id: 'goto.customers', keys: ['g c'], label: 'Go to Customers', group: 'Go to' },
  { id: 'call.open', keys: ['F2'], label: 'Log a call', group: 'App', inFields: true },
  { id: 'palette.open', keys: ['$mod+k'], label: 'Command palette', group: 'App', inFields: true },
  { id: 'cheatSheet.open', keys: ['Shift+?'], label: 'Keyboard shortcuts', group: 'App' },
];

export type KeyOverrides = Partial<Record<ActionId, readonly string[]>>;

const MODIFIERS = new Map([
  ['$mod', '$mod'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['meta', 'Meta'],
  ['cmd', 'Meta'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['shift', 'Shift'],
]);
const MODIFIER_ORDER = ['$mod', 'Control', 'Meta', 'Alt', 'Shift'];

/** One canonical spelling per key press ("ctrl+K" and "Control+k" are the same), or null if it is not a key. */
export function normaliseKeys(keys: string): string | null {
  const presses = keys.trim().split(/\s+/);
  if (presses.length === 0 || presses.length > 3 || presses[0] === '') return null;
  const out: string[] = [];
  for (const press of presses) {
    const parts = press.split('+');
    const key = parts.pop();
    if (!key || key.length > 12) return null;
    const mods: string[] = [];
    for (const part of parts) {
      const mod = MODIFIERS.get(part.toLowerCase());
      if (!mod || mods.includes(mod)) return null;
      mods.push(mod);
    }
    mods.sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b));
    out.push([...mods, key.length === 1 ? key.toLowerCase() : key].join('+'));
  }
  return out.join(' ');
}

export function effectiveKeymap(overrides: KeyOverrides = {}): KeyBinding[] {
  return DEFAULT_KEYMAP.map((binding) => (overrides[binding.id] ? { ...binding, keys: overrides[binding.id]! } : binding));
}

export type RemapRefusal = 'hotkey_invalid' | 'hotkey_conflict';

/**
 * A remap is refused when a key is not a key, when another action already uses it, or when one is the
 * start of the other's sequence ("g" would swallow every "g …" shortcut).
 */
export function validateRemap(keymap: readonly KeyBinding[], id: ActionId, keys: readonly string[]): Result<readonly string[], RemapRefusal> {
  if (keys.length === 0) return refuse('hotkey_invalid', 'Give the action at least one key.');
  const normalised: string[] = [];
  for (const key of keys) {
    const clean = normaliseKeys(key);
    if (!clean) return refuse('hotkey_invalid', `"${key}" is not a key or key sequence (for example "j", "Shift+?", "$mod+k" or "g m").`);
    normalised.push(clean);
  }
  for (const other of keymap) {
    if (other.id === id) continue;
    for (const theirs of other.keys.map((k) => normaliseKeys(k) ?? k)) {
      for (const mine of normalised) {
        if (mine === theirs) return refuse('hotkey_conflict', `${formatKeys(mine)} is already used by "${other.label}".`);
        if (theirs.startsWith(`${mine} `) || mine.startsWith(`${theirs} `)) {
          return refuse('hotkey_conflict', `${formatKeys(mine)} overlaps "${other.label}" (${formatKeys(theirs)}): one would start the other.`);
        }
      }
    }
  }
  return ok(normalised);
}

/** "Ctrl+K", "⌘K", "G then M": how a key reads in the cheat sheet and the palette. */
export function formatKeys(keys: string, mac = false): string {
  return keys
    .split(' ')
    .map((press) =>
      press
        .split('+')
        .map((part) => (part === '$mod' ? (mac ? '⌘' : 'Ctrl') : part.length === 1 ? part.toUpperCase() : part))
        .join(mac ? '' : '+'),
    )
    .join(' then ');
}

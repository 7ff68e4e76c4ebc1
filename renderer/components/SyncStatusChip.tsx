import { Chip } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { useConnection } from '../session/session-store';
import type { SyncEngine } from '../sync/sync-engine';

const LABEL = { connecting: 'Connecting…', online: 'Online', syncing: 'Syncing…', offline: 'Offline' } as const;
const COLOR = { connecting: 'default', online: 'success', syncing: 'info', offline: 'warning' } as const;

/** Online / offline / syncing, and how many of the agent's changes wait to be sent (the outbox is small). */
export function SyncStatusChip({ engine }: { engine: SyncEngine | null }) {
  const connection = useConnection();
  const pending = useLiveQuery(() => engine?.pendingCount() ?? 0, [engine]) ?? 0;
  const waiting = pending > 0 ? ` · ${pending} ${pending === 1 ? 'change' : 'changes'} waiting` : '';
  return <Chip color={COLOR[connection]} label={`${LABEL[connection]}${waiting}`} data-testid="connection-state" />;
}

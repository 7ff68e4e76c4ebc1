import { newId } from '../../core/ids';
import type { SyncedTicket } from '../../core/protocol/sync-messages';

/** An open ticket of team t1 assigned to "me", due n minutes after 2 Jan 2026: for tests of the mirror's queues. */
export const mirrorTicket = (n: number, fields: Partial<SyncedTicket> = {}): SyncedTicket =>
  ({
    id: newId(), number: 1000 + n, subject: `Call ${n}`, description: '', channel: 'phone', categoryId: 'technical',
    impact: 'low', urgency: 'low', priority: 'low', status: 'open', tier: 1, escalationLevel: 0, escalatedAt: null,
    escalationAcknowledgedAt: null, escalationAcknowledgedBy: null, teamId: 't1', assigneeId: 'me', customerId: null, tags: [],
    resolutionSummary: null, createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z', firstRespondedAt: null,
    resolvedAt: null, closedAt: null, reopenCount: 0, version: 1,
    slaDueAt: new Date(Date.UTC(2026, 0, 2) + n * 60_000).toISOString(), slaAtRiskAt: null, ...fields,
  }) as SyncedTicket;

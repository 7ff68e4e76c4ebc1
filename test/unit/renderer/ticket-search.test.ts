import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids';
import type { E164 } from '../../../core/customer/phone-number';
import type { SyncedTicket } from '../../../core/protocol/sync-messages';
import type { TicketStatus } from '../../../core/ticket/status';
import { searchTickets } from '../../../renderer/search/ticket-search';
import { openMirrorDb, type MirrorDb } from '../../../renderer/sync/mirror-db';

let db: MirrorDb;
const ticket = (number: number, subject: string, status: TicketStatus, updatedAt: string): SyncedTicket => ({
  id: newId(), number, subject, description: '', channel: 'phone', categoryId: 'technical', impact: 'low', urgency: 'low', priority: 'low',
  status, tier: 1, escalationLevel: 0, teamId: 't', assigneeId: null, customerId: null, tags: [], resolutionSummary: null,
  createdAt: '2026-11-01T00:00:00.000Z', updatedAt, firstRespondedAt: null, resolvedAt: null, closedAt: null, reopenCount: 0, slaDueAt: null, slaAtRiskAt: null, version: 1,
});

beforeAll(async () => {
  db = openMirrorDb(`search-${newId()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.tickets.bulkPut([
    ticket(1042, 'Router drops connection every hour', 'open', '2026-11-20T10:00:00.000Z'),
    ticket(1043, 'Router firmware update failed', 'closed', '2026-11-24T10:00:00.000Z'),
    ticket(1044, 'Charged twice this month', 'open', '2026-11-21T10:00:00.000Z'),
    ticket(1045, 'Rechnung doppelt bezahlt – Müller GmbH', 'new', '2026-11-22T10:00:00.000Z'),
    { ...ticket(1046, 'Invoice missing', 'open', '2026-11-23T10:00:00.000Z'), customerId: 'c-ada' },
  ]);
  await db.customers.put({
    id: 'c-ada', name: 'Ada Lovelace', phones: ['+442079460999' as E164], emails: ['ada@analytical.example'], company: 'Analytical Engines',
    preferredChannel: null, language: null, notes: '', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', version: 1,
  });
});
afterAll(() => db.close());

const subjects = async (text: string) => (await searchTickets(db, text)).map((t) => t.subject);

describe('local ticket search', () => {
  it('finds a ticket by the number a caller reads out', async () => {
    expect(await subjects('SB-1044')).toEqual(['Charged twice this month']);
    expect(await subjects('1042')).toEqual(['Router drops connection every hour']);
  });

  it('matches word prefixes in any order, open tickets first', async () => {
    expect(await subjects('router')).toEqual(['Router drops connection every hour', 'Router firmware update failed']);
    expect(await subjects('conn rout')).toEqual(['Router drops connection every hour']);
    expect(await subjects('twice CHARGED')).toEqual(['Charged twice this month']);
    expect(await subjects('müller')).toEqual(['Rechnung doppelt bezahlt – Müller GmbH']);
  });

  it("finds a customer's tickets by name, company, phone (any format, start or end) and email", async () => {
    for (const text of ['lovelace', 'ada love', 'analytical', '020 7946 0999', '+44 20 7946 0999', '020 7946', '0999', 'ada@analytical.example']) {
      expect(await subjects(text), text).toEqual(['Invoice missing']);
    }
  });

  it('finds nothing for unknown words or too little text', async () => {
    expect(await subjects('printer')).toEqual([]);
    expect(await subjects('r')).toEqual([]);
    expect(await subjects('router printer')).toEqual([]);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';

describe('the notice bar says each notice in turn', () => {
  beforeEach(() => vi.resetModules());
  const store = async () => (await import('../../../renderer/workstation/ui-store')).uiActions;

  it('keeps a notice that arrives while another shows, and shows it once that one is dismissed', async () => {
    const ui = await store();
    ui().noticeShown('This computer has no password store for Switchboard to lock your sign-in in.');
    ui().noticeShown('SB-1042: first response due in 10 min');
    expect(ui().notice).toBe('This computer has no password store for Switchboard to lock your sign-in in.');
    ui().noticeShown(null);
    expect(ui().notice).toBe('SB-1042: first response due in 10 min');
    ui().noticeShown(null);
    expect(ui().notice).toBeNull();
  });

  it('says a repeated notice once, not once per repeat', async () => {
    const ui = await store();
    ui().noticeShown('Offline: your change waits in the outbox');
    ui().noticeShown('Only a supervisor can acknowledge an escalation');
    ui().noticeShown('Offline: your change waits in the outbox');
    ui().noticeShown('Only a supervisor can acknowledge an escalation');
    expect(ui().laterNotices).toEqual(['Only a supervisor can acknowledge an escalation']);
  });

  it('leaves nothing for the next person to sign in at this window', async () => {
    const ui = await store();
    ui().noticeShown('SB-1042: first response due in 10 min');
    ui().noticeShown('SB-1043: resolution overdue');
    ui().noticesCleared();
    expect([ui().notice, ui().laterNotices]).toEqual([null, []]);
  });
});

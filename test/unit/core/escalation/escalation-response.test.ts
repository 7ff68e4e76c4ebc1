import { describe, expect, it } from 'vitest';
import { acknowledgement, answeredFields, deescalation, escalationStarted, reassignment, reachesSupervisors, type EscalationState } from '../../../../core/escalation/escalation-response';

const AT = '2026-11-25T10:00:00.000Z';
const waiting: EscalationState = { status: 'open', escalationLevel: 1, escalatedAt: '2026-11-25T08:00:00.000Z', escalationAcknowledgedAt: null, escalationAcknowledgedBy: null };
const taken: EscalationState = { ...waiting, escalationAcknowledgedAt: '2026-11-25T09:00:00.000Z', escalationAcknowledgedBy: 'sam' };

describe('answering an escalation', () => {
  it('is for supervisors and admins, on open escalated tickets', () => {
    expect(acknowledgement('agent', waiting)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(acknowledgement('supervisor', waiting)).toEqual({ ok: true, value: true });
    expect(acknowledgement('admin', waiting).ok).toBe(true);
    expect(acknowledgement('supervisor', { ...waiting, escalationLevel: 0 })).toMatchObject({ ok: false, error: { code: 'not_escalated' } });
    expect(acknowledgement('supervisor', { ...waiting, status: 'resolved' })).toMatchObject({ ok: false, error: { code: 'ticket_closed' } });
    expect(reassignment('agent', waiting)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('acknowledges once; who took it on first is kept when it is later reassigned', () => {
    expect(acknowledgement('supervisor', taken)).toMatchObject({ ok: false, error: { code: 'already_acknowledged' } });
    expect(answeredFields('acknowledge', waiting, 1, 'sam', AT)).toEqual({ escalationLevel: 1, escalatedAt: waiting.escalatedAt, escalationAcknowledgedAt: AT, escalationAcknowledgedBy: 'sam' });
    expect(answeredFields('reassign', taken, 1, 'alex', AT)).toEqual({ escalationLevel: 1, escalatedAt: waiting.escalatedAt, escalationAcknowledgedAt: taken.escalationAcknowledgedAt, escalationAcknowledgedBy: 'sam' });
  });

  it('de-escalates one level with a reason; at 0 the escalation is over', () => {
    expect(deescalation('supervisor', waiting, 'fine')).toMatchObject({ ok: false, error: { code: 'note_required' } });
    expect(deescalation('supervisor', { ...waiting, escalationLevel: 2 }, '  Known outage, fixed at 14:10.  ')).toEqual({ ok: true, value: { level: 1, note: 'Known outage, fixed at 14:10.' } });
    expect(answeredFields('deescalate', waiting, 0, 'sam', AT)).toEqual({ escalationLevel: 0, escalatedAt: null, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null });
    expect(answeredFields('deescalate', { ...waiting, escalationLevel: 2 }, 1, 'sam', AT)).toEqual({ escalationLevel: 1, escalatedAt: waiting.escalatedAt, escalationAcknowledgedAt: AT, escalationAcknowledgedBy: 'sam' });
  });

  it('a step that reaches supervisors starts a new escalation; the assignee\'s warning does not', () => {
    expect(reachesSupervisors('team_supervisors')).toBe(true);
    expect(reachesSupervisors('all_supervisors')).toBe(true);
    expect(reachesSupervisors('assignee')).toBe(false);
    expect(escalationStarted(AT)).toEqual({ escalatedAt: AT, escalationAcknowledgedAt: null, escalationAcknowledgedBy: null });
  });
});

import { describe, expect, it } from 'vitest';
import { TrayService, trayModel, type TrayModel } from '../../../main/services/tray-service';

describe('tray icon', () => {
  it("shows an agent's open and at-risk tickets, and a supervisor's escalations to acknowledge", () => {
    const agent = trayModel({ myOpen: 12, atRisk: 1, unacknowledgedEscalations: null, availability: 'available' });
    expect(agent.tooltip).toBe('Switchboard\n12 open tickets of mine\n1 ticket at risk');
    expect(agent.title).toBe('1');
    expect(agent.menu.map((i) => i.label)).toEqual(['12 open tickets of mine', '1 ticket at risk', 'Open Switchboard', 'Log a call', 'Available', 'Away', 'Quit Switchboard']);
    const supervisor = trayModel({ myOpen: 0, atRisk: 2, unacknowledgedEscalations: 3, availability: 'available' });
    expect(supervisor.menu[2]).toEqual({ label: '3 escalations to acknowledge' });
    expect(supervisor.title).toBe('5');
  });

  it('menu actions are ids the shell handles; the count lines are not clickable', () => {
    const model = trayModel({ myOpen: 1, atRisk: 0, unacknowledgedEscalations: null, availability: 'available' });
    expect(model.menu.filter((i) => i.action).map((i) => i.action)).toEqual(['window.open', 'call.open', 'availability.available', 'availability.away', 'app.quit']);
    expect(model.title).toBe('');
    expect(trayModel(null).tooltip).toBe('Switchboard\nNot signed in');
  });

  it('shows availability as a choice between Available and Away, and "On a call" while a call is in progress', () => {
    const choices = (availability: 'available' | 'on_call' | 'away') =>
      trayModel({ myOpen: 0, atRisk: 0, unacknowledgedEscalations: null, availability }).menu.filter((i) => i.checked !== undefined || i.label === 'On a call').map((i) => `${i.label}${i.checked ? ' ✓' : ''}`);
    expect(choices('available')).toEqual(['Available ✓', 'Away']);
    expect(choices('away')).toEqual(['Available', 'Away ✓']);
    expect(choices('on_call')).toEqual(['On a call', 'Available', 'Away']);
    expect(trayModel(null).menu.some((i) => i.checked !== undefined)).toBe(false);
  });

  it('redraws the real tray only when what it shows changes', () => {
    const shown: TrayModel[] = [];
    const tray = new TrayService({ show: (model) => shown.push(model) });
    tray.update({ myOpen: 3, atRisk: 0, unacknowledgedEscalations: null, availability: 'available' });
    tray.update({ myOpen: 3, atRisk: 0, unacknowledgedEscalations: null, availability: 'available' });
    tray.update({ myOpen: 4, atRisk: 0, unacknowledgedEscalations: null, availability: 'available' });
    expect(shown.map((m) => m.menu[0]!.label)).toEqual(['3 open tickets of mine', '4 open tickets of mine']);
  });
});

import { describe, expect, it } from 'vitest';
import { TrayService, trayModel, type TrayModel } from '../../../main/services/tray-service';

describe('tray icon', () => {
  it("shows an agent's open and at-risk tickets, and a supervisor's escalations to acknowledge", () => {
    const agent = trayModel({ myOpen: 12, atRisk: 1, unacknowledgedEscalations: null });
    expect(agent.tooltip).toBe('Switchboard\n12 open tickets of mine\n1 ticket at risk');
    expect(agent.title).toBe('1');
    expect(agent.menu.map((i) => i.label)).toEqual(['12 open tickets of mine', '1 ticket at risk', 'Open Switchboard', 'Log a call', 'Quit Switchboard']);
    const supervisor = trayModel({ myOpen: 0, atRisk: 2, unacknowledgedEscalations: 3 });
    expect(supervisor.menu[2]).toEqual({ label: '3 escalations to acknowledge' });
    expect(supervisor.title).toBe('5');
  });

  it('menu actions are ids the shell handles; the count lines are not clickable', () => {
    const model = trayModel({ myOpen: 1, atRisk: 0, unacknowledgedEscalations: null });
    expect(model.menu.filter((i) => i.action).map((i) => i.action)).toEqual(['window.open', 'call.open', 'app.quit']);
    expect(model.title).toBe('');
    expect(trayModel(null).tooltip).toBe('Switchboard\nNot signed in');
  });

  it('redraws the real tray only when what it shows changes', () => {
    const shown: TrayModel[] = [];
    const tray = new TrayService({ show: (model) => shown.push(model) });
    tray.update({ myOpen: 3, atRisk: 0, unacknowledgedEscalations: null });
    tray.update({ myOpen: 3, atRisk: 0, unacknowledgedEscalations: null });
    tray.update({ myOpen: 4, atRisk: 0, unacknowledgedEscalations: null });
    expect(shown.map((m) => m.menu[0]!.label)).toEqual(['3 open tickets of mine', '4 open tickets of mine']);
  });
});

import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from '../../../main/services/deep-link';

describe('deep links (switchboard://ticket/<number>)', () => {
  it('opens the ticket named by the number as an agent reads it', () => {
    expect(parseDeepLink('switchboard://ticket/1042')).toEqual({ kind: 'ticket', number: 1042 });
    expect(parseDeepLink('switchboard://ticket/SB-1042')).toEqual({ kind: 'ticket', number: 1042 });
    expect(parseDeepLink('SWITCHBOARD://Ticket/1042/')).toEqual({ kind: 'ticket', number: 1042 });
  });

  it('refuses anything else a link from outside could carry', () => {
    for (const link of [
      'https://ticket/1042',
      'switchboard://customer/1042',
      'switchboard://ticket/',
      'switchboard://ticket/abc',
      'switchboard://ticket/0',
      'switchboard://ticket/1042/delete',
      'switchboard://ticket/1042?then=https://evil.example',
      'switchboard://ticket/1042#x',
      'switchboard://user:pw@ticket/1042',
      'switchboard://ticket:8080/1042',
      'switchboard://ticket/%2e%2e%2f1042',
      `switchboard://ticket/${'1'.repeat(300)}`,
      'not a url',
    ]) {
      expect(parseDeepLink(link), link).toBeNull();
    }
  });

  it("finds the link in a second instance's arguments, ignoring the rest", () => {
    expect(deepLinkFromArgv(['/opt/Switchboard/switchboard', '--no-sandbox', 'switchboard://ticket/77'])).toEqual({ kind: 'ticket', number: 77 });
    expect(deepLinkFromArgv(['/opt/Switchboard/switchboard', '--flag=switchboard://ticket/77', 'switchboard://evil/1'])).toBeNull();
  });
});

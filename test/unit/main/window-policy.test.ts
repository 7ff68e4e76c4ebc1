import { describe, expect, it } from 'vitest';
import { isAppNavigation, originOf, safeExternalUrl, secureWebPreferences } from '../../../main/services/window-policy';

describe('desktop window security policy', () => {
  it('sandboxes the renderer with context isolation and no Node', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('opens only allow-listed external links, re-serialized', () => {
    expect(safeExternalUrl('https://example.com/help?q=1')).toBe('https://example.com/help?q=1');
    expect(safeExternalUrl('mailto:support@example.com')).toBe('mailto:support@example.com');
    expect(safeExternalUrl('HTTPS://Example.COM')).toBe('https://example.com/');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'http://example.com', 'https://user:pw@example.com', 'not a url']) {
      expect(safeExternalUrl(bad)).toBeNull();
    }
  });

  it('keeps the window on the app origin', () => {
    expect(isAppNavigation('http://127.0.0.1:4720/tickets/1', 'http://127.0.0.1:4720')).toBe(true);
    expect(isAppNavigation('http://127.0.0.1:4721/', 'http://127.0.0.1:4720')).toBe(false);
    expect(isAppNavigation('https://evil.example/', 'http://127.0.0.1:4720')).toBe(false);
    expect(isAppNavigation('garbage', 'http://127.0.0.1:4720')).toBe(false);
  });
});

describe('the app:// origin', () => {
  it('is compared by scheme and host, since URL.origin is "null" for custom schemes', () => {
    expect(originOf('app://switchboard/tickets/1')).toBe('app://switchboard');
    expect(isAppNavigation('app://switchboard/customers', 'app://switchboard')).toBe(true);
    expect(isAppNavigation('app://evil/', 'app://switchboard')).toBe(false);
    expect(isAppNavigation('file:///etc/passwd', 'app://switchboard')).toBe(false);
    expect(isAppNavigation('http://127.0.0.1:4720/', 'http://127.0.0.1:4720')).toBe(true);
  });
});

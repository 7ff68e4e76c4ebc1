import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_CONTENT_SECURITY_POLICY, resolveAppAsset } from '../../../main/services/app-protocol';

const root = path.resolve('/opt/Switchboard/resources/app.asar/dist/renderer');

describe('app:// scheme serving the renderer', () => {
  it('serves the built files with their type and the CSP, and index.html for every screen of the app', () => {
    expect(resolveAppAsset(root, 'app://switchboard/assets/index-abc.js')).toMatchObject({
      ok: true,
      file: path.join(root, 'assets/index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
      headers: { 'Content-Security-Policy': DESKTOP_CONTENT_SECURITY_POLICY },
    });
    for (const screen of ['app://switchboard/', 'app://switchboard', 'app://switchboard/tickets/1042']) {
      expect(resolveAppAsset(root, screen)).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    }
  });

  it('refuses every way out of the renderer folder, other hosts and unknown file types', () => {
    // Plain dot segments are resolved by the URL parser itself, inside the app's root.
    expect(resolveAppAsset(root, 'app://switchboard/../../main/index.js')).toMatchObject({ ok: true, file: path.join(root, 'main/index.js') });
    expect(resolveAppAsset(root, 'app://switchboard/%2e%2e/%2e%2e/etc/passwd.js')).toMatchObject({ ok: true, file: path.join(root, 'etc/passwd.js') });
    for (const escape of [
      'app://switchboard/%2e%2e%2f%2e%2e%2fetc/passwd.js',
      'app://switchboard/assets/..%2f..%2fpreload.cjs',
      'app://switchboard/assets\\..\\..\\secret.js',
      'app://switchboard/a%00.js',
      'app://switchboard/%E0%A4%A.js',
    ]) {
      expect(resolveAppAsset(root, escape), escape).toMatchObject({ ok: false, status: 400 });
    }
    expect(resolveAppAsset(root, 'app://evil/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppAsset(root, 'https://switchboard/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppAsset(root, 'app://switchboard/keys.pem')).toEqual({ ok: false, status: 404 });
  });

  it('lets the desktop renderer reach HTTPS servers and this machine, never plain HTTP elsewhere', () => {
    expect(DESKTOP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(DESKTOP_CONTENT_SECURITY_POLICY).toMatch(/connect-src https: wss: http:\/\/127\.0\.0\.1:\*/);
    expect(DESKTOP_CONTENT_SECURITY_POLICY).not.toMatch(/connect-src[^;]* http: /);
    expect(DESKTOP_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

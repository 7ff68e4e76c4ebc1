import { describe, expect, it } from 'vitest';
import { serverAddress } from '../../../renderer/session/server-address';

describe('server address typed at desktop sign-in', () => {
  it('accepts the forms people type and keeps only the origin', () => {
    expect(serverAddress('support.example.com')).toEqual({ ok: true, url: 'https://support.example.com' });
    expect(serverAddress(' https://support.example.com:8443/switchboard/?x=1 ')).toEqual({ ok: true, url: 'https://support.example.com:8443' });
    expect(serverAddress('localhost:4720')).toEqual({ ok: true, url: 'http://localhost:4720' });
    expect(serverAddress('http://127.0.0.1:4720')).toEqual({ ok: true, url: 'http://127.0.0.1:4720' });
  });

  it('refuses plain http to another machine, credentials in the address, other schemes and nonsense, saying why', () => {
    expect(serverAddress('http://support.example.com')).toMatchObject({ ok: false, message: expect.stringContaining('https://') });
    expect(serverAddress('https://ada:pw@support.example.com')).toMatchObject({ ok: false, message: expect.stringContaining('name and password') });
    expect(serverAddress('file:///etc/passwd')).toMatchObject({ ok: false });
    expect(serverAddress('javascript:alert(1)')).toMatchObject({ ok: false });
    expect(serverAddress('')).toEqual({ ok: false, message: 'Enter the address of your Switchboard server.' });
    expect(serverAddress('not a server')).toMatchObject({ ok: false, message: expect.stringContaining('not a server address') });
  });
});

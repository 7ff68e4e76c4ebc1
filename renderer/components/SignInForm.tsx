import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { hostApi } from '../desktop/desktop-host';
import { sessionActions, useLastError } from '../session/session-store';
import { rememberedServerAddress, rememberServerAddress, serverAddress } from '../session/server-address';
import { keepSession } from '../session/kept-session';
import { signIn } from '../session/sign-in';
import { uiActions } from '../workstation/ui-store';

/**
 * Sign-in. `fixedServer` is the web app's own server; without one (the desktop app) the agent gives the
 * server's address, which is remembered on this computer for next time.
 */
export function SignInForm({ fixedServer }: { fixedServer: string | null }) {
  const notice = useLastError();
  const [address, setAddress] = useState(() => fixedServer ?? rememberedServerAddress());
  const [addressFirst] = useState(() => !fixedServer && !address);
  // First sign-in on the desktop: offer the server `npm start` launched beside the app, if any.
  useEffect(() => {
    if (fixedServer) return;
    void hostApi()
      .getAppInfo()
      .then((info) => info.defaultServerUrl && setAddress((typed) => typed || info.defaultServerUrl!))
      .catch(() => undefined);
  }, [fixedServer]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const server = fixedServer ? { ok: true as const, url: fixedServer } : serverAddress(address);
    if (!server.ok) {
      setError(server.message);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn(server.url, email, password);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    if (!fixedServer) rememberServerAddress(server.url);
    const session = { token: result.token, user: result.user, serverUrl: server.url };
    sessionActions().signedIn(session);
    const notKept = await keepSession(session);
    if (notKept) uiActions().noticeShown(notKept);
  };

  return (
    <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '70vh' }}>
      <Paper component="form" onSubmit={(e) => void submit(e)} sx={{ p: 3, width: 360 }} aria-label="Sign in">
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            Sign in
          </Typography>
          {notice && <Alert severity="info">{notice}</Alert>}
          {error && <Alert severity="error">{error}</Alert>}
          {!fixedServer && (
            <TextField label="Server address" placeholder="support.example.com" autoComplete="url" value={address} onChange={(e) => setAddress(e.target.value)} required autoFocus={addressFirst} />
          )}
          <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus={!addressFirst} />
          <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <Button type="submit" variant="contained" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}

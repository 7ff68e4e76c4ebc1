import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { sessionActions, useLastError } from '../session/session-store';
import { signIn } from '../session/sign-in';

export function SignInForm({ baseUrl }: { baseUrl: string }) {
  const notice = useLastError();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await signIn(baseUrl, email, password);
    setBusy(false);
    if (result.ok) sessionActions().signedIn({ token: result.token, user: result.user });
    else setError(result.message);
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
          <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
          <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <Button type="submit" variant="contained" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}

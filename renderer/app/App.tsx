import { AppBar, Box, Button, Container, CssBaseline, Toolbar, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { SignInForm } from '../components/SignInForm';
import { SyncStatusChip } from '../components/SyncStatusChip';
import { sessionActions, useSession, type Session } from '../session/session-store';
import { useWorkstationSync } from '../sync/use-workstation-sync';
import { theme } from '../theme/theme';

/** The web host talks to the server it was loaded from. */
const baseUrl = window.location.origin;

function Workstation({ session }: { session: Session }) {
  const engine = useWorkstationSync(session, baseUrl);
  const signOut = () => {
    void fetch(`${baseUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } }).catch(() => undefined);
    sessionActions().signedOut();
  };
  return (
    <>
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            Switchboard
          </Typography>
          <SyncStatusChip engine={engine} />
          <Typography variant="body2" data-testid="signed-in-user">
            {session.user.name} · {session.user.role}
          </Typography>
          <Button color="inherit" onClick={signOut}>
            Sign out
          </Button>
        </Toolbar>
      </AppBar>
      <Container sx={{ py: 4 }}>
        <Typography variant="h5" component="h2" gutterBottom>
          Support workstation
        </Typography>
        <Typography>Your tickets are kept on this computer and stay available offline.</Typography>
      </Container>
    </>
  );
}

export function App() {
  const session = useSession();
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      {session ? (
        <Workstation session={session} />
      ) : (
        <>
          <AppBar position="static" elevation={0}>
            <Toolbar variant="dense">
              <Typography variant="h6" component="h1">
                Switchboard
              </Typography>
            </Toolbar>
          </AppBar>
          <Box>
            <SignInForm baseUrl={baseUrl} />
          </Box>
        </>
      )}
    </ThemeProvider>
  );
}

import { AppBar, Box, CssBaseline, Toolbar, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { SignInForm } from '../components/SignInForm';
import { useSession } from '../session/session-store';
import { theme } from '../theme/theme';
import { WorkstationFrame } from '../workstation/WorkstationFrame';

/** The web host talks to the server it was loaded from. */
const baseUrl = window.location.origin;

export function App() {
  const session = useSession();
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      {session ? (
        <WorkstationFrame session={session} baseUrl={baseUrl} />
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

import { AppBar, Box, CssBaseline, Toolbar, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { SignInForm } from '../components/SignInForm';
import { hostApi } from '../desktop/desktop-host';
import { useEffect, useState } from 'react';
import { restoreKeptSession } from '../session/kept-session';
import { startEarlyReads } from './early-reads';
import { sessionActions, useSession } from '../session/session-store';
import { theme } from '../theme/theme';
import { WorkstationFrame } from '../workstation/WorkstationFrame';

/** In a plain browser the server is the one that served the page; the desktop app asks for it. */
const desktop = hostApi().host === 'desktop';

export function App() {
  const session = useSession();
  // The desktop app starts signed in when an earlier start kept the session (encrypted by the OS).
  const [restoring, setRestoring] = useState(() => desktop && session === null);
  useEffect(() => {
    if (!restoring) return;
    void restoreKeptSession().then((kept) => {
      if (kept) {
        startEarlyReads(kept);
        sessionActions().signedIn(kept);
      }
      setRestoring(false);
    });
  }, [restoring]);
  if (restoring) return null;
  // noSsr: the stored or system scheme is read for the first render. Without it MUI would render the default
  // (light) scheme first and, for a dark-scheme agent, the whole app again once mounted, on every reload.
  return (
    <ThemeProvider theme={theme} defaultMode="system" noSsr>
      {/* enableColorScheme: the page's own controls and scrollbars follow the chosen scheme, not the OS's. */}
      <CssBaseline enableColorScheme />
      {session ? (
        <WorkstationFrame session={session} />
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
            <SignInForm fixedServer={desktop ? null : window.location.origin} />
          </Box>
        </>
      )}
    </ThemeProvider>
  );
}

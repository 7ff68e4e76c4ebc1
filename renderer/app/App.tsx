import { AppBar, Box, Chip, Container, CssBaseline, Toolbar, Typography } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { theme } from '../theme/theme';
import { useServerHealth, type ServerHealth } from './use-server-health';

function ConnectionChip({ health }: { health: ServerHealth }) {
  switch (health.state) {
    case 'checking':
      return <Chip label="Connecting…" data-testid="connection-state" />;
    case 'online':
      return <Chip color="success" label="Online" data-testid="connection-state" />;
    case 'offline':
      return <Chip color="warning" label="Offline" data-testid="connection-state" />;
  }
}

export function App() {
  const health = useServerHealth();
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            Switchboard
          </Typography>
          <ConnectionChip health={health} />
        </Toolbar>
      </AppBar>
      <Container sx={{ py: 4 }}>
        <Typography variant="h5" component="h2" gutterBottom>
          Support workstation
        </Typography>
        <Box data-testid="server-details">
          {health.state === 'online' && (
            <Typography>
              Connected to sync server {health.version}, database schema v{health.schemaVersion}.
            </Typography>
          )}
          {health.state === 'offline' && <Typography>The sync server cannot be reached ({health.reason}). Retrying…</Typography>}
        </Box>
      </Container>
    </ThemeProvider>
  );
}

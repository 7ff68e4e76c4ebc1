import { Badge, Box, Button, ListItemText, Menu, MenuItem, Typography } from '@mui/material';
import { useState } from 'react';
import { uiActions } from '../workstation/ui-store';
import { alertCenterActions, useAlertCenter } from './alert-center';

/** The SLA alerts of this session, newest first; choosing one opens its ticket (or the at-risk queue). */
export function AlertsButton({ onSettings }: { onSettings: () => void }) {
  const notices = useAlertCenter((s) => s.notices);
  const unread = useAlertCenter((s) => s.unread);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        color="inherit"
        onClick={(e) => {
          setAnchor(e.currentTarget);
          alertCenterActions().read();
        }}
        data-testid="alerts-button"
      >
        <Badge badgeContent={unread} color="error" slotProps={{ badge: { 'aria-hidden': true } }}>
          Alerts
        </Badge>
        {/* The count, for screen readers; the badge shows it to everyone else. */}
        <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>
          {` (${unread} new)`}
        </Box>
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} slotProps={{ list: { 'aria-label': 'SLA alerts' } }}>
        {notices.length === 0 && (
          <MenuItem disabled>
            <Typography variant="body2">No SLA alerts yet.</Typography>
          </MenuItem>
        )}
        {notices.map((n) => (
          <MenuItem
            key={`${n.tag}:${n.at}`}
            onClick={() => {
              setAnchor(null);
              if (n.ticketId) uiActions().ticketOpened(n.ticketId);
              else uiActions().queueChosen('at-risk');
            }}
            data-testid="alert-entry"
          >
            <ListItemText primary={n.title} secondary={`${new Date(n.at).toLocaleTimeString()} · ${n.body}${n.notified ? '' : ' (held: quiet hours or notifications off)'}`} />
          </MenuItem>
        ))}
        <MenuItem
          onClick={() => {
            setAnchor(null);
            onSettings();
          }}
        >
          Alert settings…
        </MenuItem>
      </Menu>
    </>
  );
}

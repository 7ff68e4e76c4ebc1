import type { CountryCode } from 'libphonenumber-js/min';
import { List, ListItem, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions, useUi } from '../workstation/ui-store';
import { searchTickets } from './ticket-search';
import { useSearchIndex } from './use-search-index';

/** Tickets matching the search box, from the mirror; a click (or Enter in the box) opens one. */
export function SearchResults({ db, country }: { db: MirrorDb; country: CountryCode }) {
  const text = useUi((s) => s.searchText);
  // The live query sees the rows it read; the index's version brings in new matches as tickets arrive.
  const indexVersion = useSearchIndex(db, (index) => index.version);
  const results = useLiveQuery(() => searchTickets(db, text, 50, country), [db, text, country, indexVersion]);
  if (!results) return null;
  if (results.length === 0) {
    return (
      <Typography sx={{ p: 3 }} color="text.secondary" data-testid="search-empty">
        No ticket matches “{text}”.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Search results" data-testid="search-results">
      {results.map((t) => (
        <ListItem key={t.id} disablePadding>
          <ListItemButton onClick={() => uiActions().ticketOpened(t.id)} data-testid="search-result">
            <ListItemText primary={`${formatTicketNumber(t.number)} · ${t.subject}`} secondary={`${STATUS_LABELS[t.status]} · ${t.priority}`} />
          </ListItemButton>
        </ListItem>
      ))}
    </List>
  );
}

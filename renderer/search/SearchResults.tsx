import type { CountryCode } from 'libphonenumber-js/min';
import { Typography } from '@mui/material';
import { styled } from '@mui/material/styles';
import { useLiveQuery } from 'dexie-react-hooks';
import { STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions, useUi } from '../workstation/ui-store';
import { searchTicketsNow } from './ticket-search';
import { useSearchIndex } from './use-search-index';

/**
 * The results as plain buttons styled by class from their list, in MUI's dense list look: fifty MUI list
 * items resolved and hashed their styles on every search, most of the time from keystroke to results.
 */
const ResultList = styled('ul')(({ theme }) => {
  const palette = theme.vars?.palette ?? theme.palette;
  return {
    listStyle: 'none', margin: 0, padding: theme.spacing(1, 0),
    '& .search-result': {
      display: 'block', width: '100%', textAlign: 'left', border: 0, margin: 0, background: 'none', cursor: 'pointer',
      padding: theme.spacing(0.5, 2), color: palette.text.primary, font: 'inherit',
    },
    '& .search-result:hover': { backgroundColor: palette.action.hover },
    '& .search-result:focus-visible': { backgroundColor: palette.action.focus, outline: `2px solid ${palette.primary.main}`, outlineOffset: -2 },
    '& .search-result-primary': { ...theme.typography.body2, display: 'block' },
    '& .search-result-secondary': { ...theme.typography.body2, display: 'block', color: palette.text.secondary },
  };
});

/**
 * Tickets matching the search box, from the mirror; a click opens one. Right after a reload, while the word
 * index is still being built, numbers and customers are searched at once and a line says subjects follow.
 * Enter in the box (SearchBox) waits for the index, so it opens the best match of the whole search, which
 * may be a subject match not listed yet.
 */
export function SearchResults({ db, country }: { db: MirrorDb; country: CountryCode }) {
  const text = useUi((s) => s.searchText);
  // The live query sees the rows it read; the index's version brings in new matches as tickets arrive,
  // and its readiness the subject matches once it is built.
  const indexVersion = useSearchIndex(db, (index) => index.version);
  const indexReady = useSearchIndex(db, (index) => index.ready);
  const found = useLiveQuery(() => searchTicketsNow(db, text, 50, country), [db, text, country, indexVersion, indexReady]);
  if (!found) return null;
  const { tickets: results, subjectsSearched } = found;
  const pending = subjectsSearched ? null : (
    <Typography sx={{ px: 2, pt: 2 }} variant="body2" color="text.secondary" role="status" data-testid="search-subjects-pending">
      Reading this desk’s tickets to search their subjects too: ticket numbers and customers are searched already.
    </Typography>
  );
  if (results.length === 0) {
    return (
      pending ?? (
        <Typography sx={{ p: 3 }} color="text.secondary" data-testid="search-empty">
          No ticket matches “{text}”.
        </Typography>
      )
    );
  }
  return (
    <>
      {pending}
      <ResultList aria-label="Search results" data-testid="search-results">
        {results.map((t) => (
          <li key={t.id}>
            <button type="button" className="search-result" onClick={() => uiActions().ticketOpened(t.id)} data-testid="search-result">
              <span className="search-result-primary">{`${formatTicketNumber(t.number)} · ${t.subject}`}</span>
              <span className="search-result-secondary">{`${STATUS_LABELS[t.status]} · ${t.priority}`}</span>
            </button>
          </li>
        ))}
      </ResultList>
    </>
  );
}

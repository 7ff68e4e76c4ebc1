import { InputBase } from '@mui/material';
import type { CountryCode } from 'libphonenumber-js/min';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions, useUi } from '../workstation/ui-store';
import { searchTickets } from './ticket-search';
import { useSearchIndex } from './use-search-index';

export const SEARCH_BOX_ID = 'ticket-search';

/**
 * The app bar's search box. Its own component so a keystroke re-renders the box and the results, not
 * the whole workstation. `data-search-index` says whether the search index is built yet.
 */
export function SearchBox({ db, country }: { db: MirrorDb; country: CountryCode }) {
  const searchText = useUi((s) => s.searchText);
  const indexReady = useSearchIndex(db, (index) => index.ready);
  return (
    <InputBase
      id={SEARCH_BOX_ID}
      placeholder="Search tickets (/)"
      value={searchText}
      onChange={(e) => uiActions().searchChanged(e.target.value)}
      onKeyDown={(e) => {
        if (e.key !== 'Enter') return;
        const box = e.currentTarget;
        // Opened from the keyboard, the ticket takes the keys: the box lets go so 1–4, e, r… act on it.
        void searchTickets(db, searchText, 1, country).then(([first]) => {
          if (!first) return;
          uiActions().ticketOpened(first.id);
          box.blur();
        });
      }}
      inputProps={{ 'aria-label': 'Search tickets', 'data-search-index': indexReady ? 'ready' : 'building' }}
      sx={{ color: 'inherit', bgcolor: 'rgba(0,0,0,0.25)', px: 1, borderRadius: 1, width: 240 }}
    />
  );
}

import { Box } from '@mui/material';
import type { CountryCode } from 'libphonenumber-js/min';
import type { ReactNode } from 'react';
import type { MirrorDb } from '../sync/mirror-db';
import { searchCoversView, useUi } from '../workstation/ui-store';
import { SearchResults } from './SearchResults';

/**
 * While the search box holds text, its results cover the view rather than replace it. The view stays
 * mounted underneath, inert so neither focus nor screen readers reach it: typing a search neither tears down
 * the queue's toolbar and list nor re-renders them (the children are the parent's same elements), and
 * clearing it shows them again without reading the queue anew.
 */
export function SearchCover({ db, country, children }: { db: MirrorDb; country: CountryCode; children: ReactNode }) {
  const searching = useUi(searchCoversView);
  return (
    <Box sx={{ position: 'relative', height: '100%' }}>
      <Box inert={searching} sx={{ height: '100%' }}>
        {children}
      </Box>
      {searching && (
        <Box sx={{ position: 'absolute', inset: 0, overflow: 'auto', bgcolor: 'background.default' }}>
          <SearchResults db={db} country={country} />
        </Box>
      )}
    </Box>
  );
}

import { Box, List, ListItem, ListItemButton, ListItemText, TextField, Typography } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { formatPhoneNumber } from '../../core/customer/phone-number';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions, useUi } from '../workstation/ui-store';
import { countryOf, loadWorkspace } from '../workspace/workspace-config';
import { CustomerDetail } from './CustomerDetail';
import { customerIdsByName, findCustomers } from './customer-directory';

const ROW_HEIGHT = 52;

/**
 * The customer directory: everyone in the mirror A to Z (virtualized: ids from the name index, rows only
 * for what is on screen), or the matches for what the agent typed; the chosen customer's history beside it.
 */
export function CustomersView({ db }: { db: MirrorDb }) {
  const [query, setQuery] = useState('');
  const openCustomerId = useUi((s) => s.openCustomerId);
  const workspace = useLiveQuery(() => loadWorkspace(db), [db]);
  const country = countryOf(workspace);
  const ids =
    useLiveQuery(async () => (query.trim() ? (await findCustomers(db, query, country, 200)).map((c) => c.id) : customerIdsByName(db)), [db, query, country]) ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React cannot memoise; the list re-renders with its parent.
  const virtualizer = useVirtualizer({ count: ids.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const visible = virtualizer.getVirtualItems();
  const windowIds = visible.map((item) => ids[item.index]!);
  const rows = useLiveQuery(() => db.customers.bulkGet(windowIds), [db, windowIds.join()]) ?? [];
  const byId = new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : [])));

  return (
    <Box sx={{ display: 'flex', height: '100%' }}>
      <Box sx={{ width: 360, display: 'flex', flexDirection: 'column', borderRight: 1, borderColor: 'divider' }}>
        <TextField
          size="small"
          label="Find a customer"
          placeholder="Name, company, phone or email"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          sx={{ m: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'customer-search' } }}
        />
        {ids.length === 0 ? (
          <Typography sx={{ p: 2 }} color="text.secondary">
            {query.trim() ? `No customer matches “${query}”.` : 'No customers yet.'}
          </Typography>
        ) : (
          <Box ref={scroller} sx={{ flexGrow: 1, overflow: 'auto' }}>
            <List dense aria-label="Customers" disablePadding sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {visible.map((item) => {
                const customer = byId.get(ids[item.index]!);
                return (
                  <ListItem key={item.key} disablePadding style={{ transform: `translateY(${item.start}px)` }} sx={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT }}>
                    <ListItemButton selected={customer?.id === openCustomerId} onClick={() => customer && uiActions().customerOpened(customer.id)} sx={{ height: '100%' }} data-testid="customer-row">
                      {customer && (
                        <ListItemText
                          primary={customer.name}
                          secondary={[customer.company, customer.phones[0] ? formatPhoneNumber(customer.phones[0]) : null].filter(Boolean).join(' · ')}
                        />
                      )}
                    </ListItemButton>
                  </ListItem>
                );
              })}
            </List>
          </Box>
        )}
      </Box>
      <Box sx={{ flexGrow: 1, minWidth: 0, overflow: 'auto' }}>
        {openCustomerId ? (
          <CustomerDetail db={db} customerId={openCustomerId} />
        ) : (
          <Typography sx={{ p: 3 }} color="text.secondary">
            Choose a customer to see their tickets and calls.
          </Typography>
        )}
      </Box>
    </Box>
  );
}

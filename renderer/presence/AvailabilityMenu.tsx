import { Button, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { AVAILABILITY_LABELS } from '../../core/people/user';
import type { MirrorDb } from '../sync/mirror-db';
import { PICKABLE_AVAILABILITIES, pickAvailability, useAvailability } from './availability';

/** The agent's availability in the app bar: picked by hand, "On a call" while a call is in progress. */
export function AvailabilityMenu({ db }: { db: MirrorDb }) {
  const availability = useAvailability(db);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!availability) return null;
  const shown = AVAILABILITY_LABELS[availability.effective];
  return (
    <>
      <Button color="inherit" aria-haspopup="menu" aria-label={`Availability: ${shown}`} onClick={(e) => setAnchor(e.currentTarget)} data-testid="availability">
        {shown} ▾
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {PICKABLE_AVAILABILITIES.map((choice) => (
          <MenuItem
            key={choice}
            selected={choice === availability.picked}
            onClick={() => {
              setAnchor(null);
              void pickAvailability(db, choice);
            }}
          >
            {AVAILABILITY_LABELS[choice]}
            {availability.effective === 'on_call' && choice === availability.picked ? ' (after the call)' : ''}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

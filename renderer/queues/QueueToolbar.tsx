import { Box, Button, FormControl, InputLabel, MenuItem, Select, type SelectChangeEvent } from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_CATEGORIES } from '../../core/ticket/category';
import { CHANNELS } from '../../core/ticket/channel';
import { PRIORITIES } from '../../core/ticket/priority';
import { STATUS_LABELS, TICKET_STATUSES } from '../../core/ticket/status';
import type { MirrorDb } from '../sync/mirror-db';
import { uiActions, useUi } from '../workstation/ui-store';
import { loadWorkspace } from '../workspace/workspace-config';
import { queueById } from './queue-definitions';
import { activeFilterCount, NO_FILTERS, QUEUE_SORTS, SORT_LABELS, type QueueFilters } from './queue-view';

interface Option {
  readonly value: string;
  readonly label: string;
}

function FilterSelect({ field, label, options }: { field: keyof QueueFilters; label: string; options: readonly Option[] }) {
  const selected = useUi((s) => s.filters[field]) as readonly string[];
  const id = `filter-${field}`;
  const names = new Map(options.map((o) => [o.value, o.label]));
  return (
    <FormControl size="small" sx={{ minWidth: 130, maxWidth: 220 }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select<string[]>
        multiple
        labelId={`${id}-label`}
        id={id}
        label={label}
        value={[...selected]}
        renderValue={(values: string[]) => (values.length === 0 ? 'Any' : values.map((v) => names.get(v) ?? v).join(', '))}
        onChange={(e: SelectChangeEvent<string[]>) => {
          const values = typeof e.target.value === 'string' ? e.target.value.split(',') : e.target.value;
          uiActions().filtersChanged({ ...uiActions().filters, [field]: values });
        }}
        data-testid={id}
      >
        {options.map((o) => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

const titleCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Sort and filters above the queue; options for teams and people come from the mirror so they work offline. */
export function QueueToolbar({ db }: { db: MirrorDb }) {
  const sort = useUi((s) => s.sort);
  const filters = useUi((s) => s.filters);
  const ownOrder = queueById(useUi((s) => s.queueId)).ownOrder;
  const workspace = useLiveQuery(() => loadWorkspace(db), [db]);
  const teams = [{ value: '', label: 'No team' }, ...(workspace?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))];
  const people = [{ value: '', label: 'Unassigned' }, ...(workspace?.people ?? []).filter((p) => p.role !== 'admin').map((p) => ({ value: p.id, label: p.name }))];
  return (
    <Box role="toolbar" aria-label="Sort and filter the queue" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, p: 1, borderBottom: 1, borderColor: 'divider' }}>
      <FormControl size="small" sx={{ minWidth: 200 }}>
        <InputLabel id="queue-sort-label">Sort by</InputLabel>
        <Select labelId="queue-sort-label" id="queue-sort" label="Sort by" value={sort} onChange={(e) => uiActions().sortChosen(e.target.value)} data-testid="queue-sort">
          {QUEUE_SORTS.map((s) => (
            <MenuItem key={s} value={s}>
              {s === 'due' && ownOrder ? ownOrder : SORT_LABELS[s]}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <FilterSelect field="priority" label="Priority" options={PRIORITIES.map((p) => ({ value: p, label: titleCase(p) }))} />
      <FilterSelect field="status" label="Status" options={TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
      <FilterSelect field="categoryId" label="Category" options={DEFAULT_CATEGORIES.map((c) => ({ value: c.id, label: c.label }))} />
      <FilterSelect field="channel" label="Channel" options={CHANNELS.map((c) => ({ value: c, label: titleCase(c) }))} />
      <FilterSelect field="teamId" label="Team" options={teams} />
      <FilterSelect field="assigneeId" label="Assignee" options={people} />
      {activeFilterCount(filters) > 0 && (
        <Button size="small" onClick={() => uiActions().filtersChanged(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}

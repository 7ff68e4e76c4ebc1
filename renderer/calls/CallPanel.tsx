import {
  Alert,
  Box,
  Button,
  Chip,
  Divider,
  Drawer,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { CALL_DISPOSITIONS, DISPOSITION_LABELS, formatCallDuration } from '../../core/call/call';
import { formatPhoneNumber } from '../../core/customer/phone-number';
import type { User } from '../../core/people/user';
import { DEFAULT_CATEGORIES } from '../../core/ticket/category';
import { derivePriority, IMPACTS, URGENCIES, type Impact, type Urgency } from '../../core/ticket/priority';
import { DONE_STATUSES, STATUS_LABELS } from '../../core/ticket/status';
import { formatTicketNumber } from '../../core/ticket/ticket';
import type { SyncEngine } from '../sync/sync-engine';
import { findCallers } from './caller-lookup';
import { clearCallDraft, loadCallDraft, newCallDraft, saveCallDraft, type CallDraft } from './call-draft';
import { logCall, type CallTarget } from './log-call';
import { computeSla } from '../../core/sla/sla-engine';
import { describePromise } from '../../core/sla/promise';
import { DEFAULT_SLA_POLICY } from '../../core/sla/sla-policy';
import { calendarOf, loadWorkspace, type WorkspaceConfig, countryOf } from '../workspace/workspace-config';

type Saved = { readonly ticketNumber: number | null; readonly ticketId: string | null; readonly promise: string | null };

/** When the first response is due for a ticket created now, in words for the caller (from the SLA engine). */
function promiseFor(workspace: WorkspaceConfig, teamId: string | null, priority: ReturnType<typeof derivePriority>): string | null {
  const calendar = calendarOf(workspace, teamId);
  const now = new Date();
  const report = computeSla([{ kind: 'created', at: now.toISOString(), priority, status: 'new' }], DEFAULT_SLA_POLICY, calendar, now);
  const due = report.firstResponse.dueAt;
  return due ? describePromise(due, calendar.timeZone, now, Intl.DateTimeFormat().resolvedOptions().timeZone) : null;
}

/**
 * The call panel: find the caller by number, time the call, take notes, and turn it into a ticket with
 * a number to read out, or add it to one of the caller's open tickets. Everything is saved to the
 * mirror as it is typed.
 */
export function CallPanel({ engine, user, onClose }: { engine: SyncEngine; user: User; onClose: () => void }) {
  const db = engine.db;
  const [draft, setDraft] = useState<CallDraft | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attachTo, setAttachTo] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    void loadCallDraft(db).then((stored) => {
      if (!live) return;
      const next = stored ?? newCallDraft();
      setDraft(next);
      if (!stored) void saveCallDraft(db, next);
    });
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [db]);

  const workspace = useLiveQuery(() => loadWorkspace(db), [db]);
  const number = draft?.number ?? '';
  const country = countryOf(workspace);
  const callers = useLiveQuery(() => findCallers(db, number, country), [db, number, country]) ?? [];
  const customerId = draft?.customerId ?? null;
  const customer = useLiveQuery(async () => (customerId ? db.customers.get(customerId) : undefined), [db, customerId]);
  const openTickets =
    useLiveQuery(async () => (customerId ? (await db.tickets.where('customerId').equals(customerId).toArray()).filter((t) => !DONE_STATUSES.has(t.status)) : []), [db, customerId]) ?? [];
  const lastCalls =
    useLiveQuery(async () => (customerId ? (await db.calls.where('customerId').equals(customerId).sortBy('startedAt')).slice(-3).reverse() : []), [db, customerId]) ?? [];

  if (!draft) return null;
  const update = (patch: Partial<CallDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    void saveCallDraft(db, next);
  };
  const elapsed = formatCallDuration((now - Date.parse(draft.startedAt)) / 1000);
  const priority = derivePriority(draft.impact, draft.urgency);
  const unknownCaller = !customerId && number.replace(/\D/g, '').length >= 6 && callers.length === 0;

  const save = async (target: CallTarget) => {
    setError(null);
    const outcome = await logCall(engine, user, draft, target, workspace?.teams ?? []);
    if (outcome.ok) {
      const promise = target.kind === 'new-ticket' && draft.disposition !== 'resolved_first_contact' && workspace ? promiseFor(workspace, outcome.teamId, priority) : null;
      setSaved({ ticketNumber: outcome.ticketNumber, ticketId: outcome.ticketId, promise });
    }
    else setError(outcome.message);
  };

  return (
    <Drawer anchor="right" open onClose={onClose} slotProps={{ paper: { sx: { width: 460, p: 2 } } }}>
      <Box role="region" aria-label="Call panel" data-testid="call-panel">
        {saved ? (
          <Stack spacing={2}>
            <Typography variant="h6" component="h2">
              Call saved
            </Typography>
            {saved.ticketId ? (
              <>
                <Typography>Read this number to the caller:</Typography>
                <Typography variant="h3" component="p" data-testid="call-ticket-number">
                  {formatTicketNumber(saved.ticketNumber)}
                </Typography>
                {saved.promise && (
                  <Typography data-testid="call-promise">
                    Tell the caller: we will respond <strong>{saved.promise}</strong>.
                  </Typography>
                )}
                {saved.ticketNumber === null && (
                  <Alert severity="info">You are offline and out of leased numbers: the final number appears when the connection returns.</Alert>
                )}
              </>
            ) : (
              <Typography>The call is in the customer&apos;s history.</Typography>
            )}
            <Button variant="contained" onClick={onClose} autoFocus>
              Done
            </Button>
          </Stack>
        ) : (
          <Stack spacing={1.5}>
            <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography variant="h6" component="h2">
                Call in progress
              </Typography>
              <Chip color="success" label={elapsed} data-testid="call-timer" />
            </Stack>
            {error && <Alert severity="error">{error}</Alert>}
            <TextField label="Caller's number" value={draft.number} onChange={(e) => update({ number: e.target.value, customerId: null })} autoFocus />
            {!customerId && callers.length > 0 && (
              <List dense aria-label="Matching customers" data-testid="caller-matches">
                {callers.map((c) => (
                  <ListItem key={c.id} disablePadding>
                    <ListItemButton onClick={() => update({ customerId: c.id })}>
                      <ListItemText primary={c.name} secondary={`${c.phones.map(formatPhoneNumber).join(', ')}${c.company ? ` · ${c.company}` : ''}`} />
                    </ListItemButton>
                  </ListItem>
                ))}
              </List>
            )}
            {unknownCaller && (
              <TextField label="New customer's name" value={draft.newCustomerName} onChange={(e) => update({ newCustomerName: e.target.value })} helperText="Not in your customers: a new one is created with this number." />
            )}
            {customer && (
              <Box data-testid="caller">
                <Typography variant="subtitle1">
                  {customer.name}
                  {customer.company ? ` · ${customer.company}` : ''}
                </Typography>
                {openTickets.length > 0 && (
                  <List dense aria-label="Open tickets of this customer">
                    {openTickets.map((t) => (
                      <ListItem key={t.id} disablePadding>
                        <ListItemButton selected={attachTo === t.id} onClick={() => setAttachTo(attachTo === t.id ? null : t.id)}>
                          <ListItemText primary={`${formatTicketNumber(t.number)} · ${t.subject}`} secondary={STATUS_LABELS[t.status]} />
                        </ListItemButton>
                      </ListItem>
                    ))}
                  </List>
                )}
                {lastCalls.length > 0 && (
                  <Typography variant="caption" color="text.secondary">
                    Last calls: {lastCalls.map((c) => new Date(c.startedAt).toLocaleDateString()).join(', ')}
                  </Typography>
                )}
              </Box>
            )}
            <Divider />
            <TextField label="Subject" value={draft.subject} onChange={(e) => update({ subject: e.target.value })} />
            <TextField label="Notes" value={draft.notes} onChange={(e) => update({ notes: e.target.value })} multiline minRows={4} />
            <Stack direction="row" spacing={1}>
              <TextField select label="Category" value={draft.categoryId} onChange={(e) => update({ categoryId: e.target.value })} sx={{ flex: 2 }}>
                {DEFAULT_CATEGORIES.map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.label}
                  </MenuItem>
                ))}
              </TextField>
              <TextField select label="Impact" value={draft.impact} onChange={(e) => update({ impact: e.target.value as Impact })} sx={{ flex: 1 }}>
                {IMPACTS.map((i) => (
                  <MenuItem key={i} value={i}>
                    {i}
                  </MenuItem>
                ))}
              </TextField>
              <TextField select label="Urgency" value={draft.urgency} onChange={(e) => update({ urgency: e.target.value as Urgency })} sx={{ flex: 1 }}>
                {URGENCIES.map((u) => (
                  <MenuItem key={u} value={u}>
                    {u}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            <Typography variant="body2">
              Priority: <Chip label={priority} data-testid="call-priority" />
            </Typography>
            <TextField select label="Disposition" value={draft.disposition ?? ''} onChange={(e) => update({ disposition: (e.target.value || null) as CallDraft['disposition'] })}>
              <MenuItem value="">Not set</MenuItem>
              {CALL_DISPOSITIONS.map((d) => (
                <MenuItem key={d} value={d}>
                  {DISPOSITION_LABELS[d]}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction="row" spacing={1}>
              <Button variant="contained" onClick={() => void save({ kind: 'new-ticket' })}>
                Create ticket
              </Button>
              <Button variant="outlined" disabled={!attachTo} onClick={() => attachTo && void save({ kind: 'existing-ticket', ticketId: attachTo })}>
                Add to ticket
              </Button>
              <Button onClick={() => void save({ kind: 'call-only' })}>Log call only</Button>
            </Stack>
            <Button color="warning" sx={{ alignSelf: 'flex-start' }} onClick={() => void clearCallDraft(db).then(onClose)}>
              Discard this call
            </Button>
          </Stack>
        )}
      </Box>
    </Drawer>
  );
}

import { AppBar, Box, Button, Snackbar, Toolbar, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { supervises } from '../../core/people/user';
import { CallPanel } from '../calls/CallPanel';
import { loadCallDraft } from '../calls/call-draft';
import { SyncStatusChip } from '../components/SyncStatusChip';
import { ThemeModeButton } from '../theme/ThemeModeButton';
import { ConflictCenter } from '../conflicts/ConflictCenter';
import { CheatSheet } from '../hotkeys/CheatSheet';
import { CommandPalette } from '../hotkeys/CommandPalette';
import { type ActionId } from '../hotkeys/keymap';
import { useKeymap } from '../hotkeys/keymap-settings';
import { KeymapSettings } from '../hotkeys/KeymapSettings';
import { useHotkeys } from '../hotkeys/use-hotkeys';
import { QueueList } from '../queues/QueueList';
import { QueueNav } from '../queues/QueueNav';
import { QueueStyles } from '../queues/queue-row-styles';
import { QueueToolbar } from '../queues/QueueToolbar';
import { CustomersView } from '../customers/CustomersView';
import { hostApi } from '../desktop/desktop-host';
import { DesktopSettings } from '../desktop/DesktopSettings';
import type { EscalationHandlers } from '../escalations/escalation-alerts';
import { useEscalationAlerts } from '../escalations/use-escalation-alerts';
import { UpdateNotice } from '../desktop/UpdateNotice';
import { formatTicketNumber } from '../../core/ticket/ticket';
import { forgetKeptSession } from '../session/kept-session';
import { sessionActions, type Session } from '../session/session-store';
import { useWorkstationSync } from '../sync/use-workstation-sync';
import { SearchCover } from '../search/SearchCover';
import { SEARCH_BOX_ID, SearchBox } from '../search/SearchBox';
import { ticketSearchIndex } from '../search/ticket-search-index';
import { TextActionDialog } from '../tickets/TextActionDialog';
import { AlertsButton } from '../sla/AlertsButton';
import { AlertSettingsDialog } from '../sla/AlertSettingsDialog';
import { hostNotifier } from '../sla/alert-notifier';
import { useSlaAlerts } from '../sla/use-sla-alerts';
import { TicketWorkspace } from '../tickets/TicketWorkspace';
import { TeamBoard } from '../board/TeamBoard';
import { AvailabilityMenu } from '../presence/AvailabilityMenu';
import { pickAvailability, useAvailability } from '../presence/availability';
import { TriageActions, type ActionResult } from './triage-actions';
import { workstationHandlers } from './workstation-handlers';
import { TriagePicker } from './TriagePicker';
import { uiActions, useUi } from './ui-store';
import { countryOf, loadWorkspace } from '../workspace/workspace-config';
import { useLiveQuery } from 'dexie-react-hooks';

/** A refused action is said in the notice bar, in the words the rules gave. */
const reportResult = async (pending: Promise<ActionResult> | undefined) => {
  const result = await pending;
  if (result && !result.ok) uiActions().noticeShown(result.message);
};

/** The screen an agent works in: queues, the queue or an open ticket, and the keyboard over all of it. */
export function WorkstationFrame({ session }: { session: Session }) {
  const baseUrl = session.serverUrl;
  const { engine, live } = useWorkstationSync(session, baseUrl);
  const keymap = useKeymap();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [alertSettingsOpen, setAlertSettingsOpen] = useState(false);
  const [desktopSettingsOpen, setDesktopSettingsOpen] = useState(false);
  useSlaAlerts(engine.db, session.user.id, hostNotifier(hostApi()));
  const [clientId, setClientId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void engine.meta().then((meta) => live && setClientId(meta.clientId));
    return () => {
      live = false;
    };
  }, [engine]);
  // The search index is read from the mirror after a reload, 2 s later so the queue paints first.
  useEffect(() => void ticketSearchIndex(engine.db).warm(engine.db, 2_000).catch(() => undefined), [engine]);
  // Notices name tickets: the next person to sign in at this window does not inherit them.
  useEffect(() => () => uiActions().noticesCleared(), []);
  // switchboard://ticket/<number> links, handed over by the desktop shell.
  useEffect(
    () =>
      hostApi().onTicketLinkOpened(({ number }) => {
        void engine.db.tickets.where('number').equals(number).first().then((ticket) => {
          if (ticket) uiActions().ticketOpened(ticket.id);
          else uiActions().noticeShown(`Ticket ${formatTicketNumber(number)} is not among the tickets you can see.`);
        });
      }),
    [engine],
  );
  // Global shortcuts and the tray menu (desktop) ask for these from outside the window.
  useEffect(
    () =>
      hostApi().onShellAction((action) => {
        if (action === 'call.open') uiActions().callPanelToggled(true);
        else if (action === 'availability.available' || action === 'availability.away') void pickAvailability(engine.db, action === 'availability.away' ? 'away' : 'available');
        else document.getElementById(SEARCH_BOX_ID)?.focus();
      }),
    [engine],
  );
  // A call that was in progress when the app closed or crashed comes back on screen.
  useEffect(() => {
    void loadCallDraft(engine.db).then((draft) => draft && uiActions().callPanelToggled(true));
  }, [engine]);
  const actions = useMemo(() => (clientId ? new TriageActions(engine, session.user, clientId) : null), [engine, session.user, clientId]);
  const escalationHandlers = useMemo<EscalationHandlers>(
    () => ({
      open: (ticketId) => uiActions().ticketOpened(ticketId),
      openEscalations: () => uiActions().queueChosen('escalated'),
      acknowledge: (ticketId) => void reportResult(actions?.acknowledge(ticketId)),
      assignToMe: (ticketId) => void reportResult(actions?.assignToMe(ticketId)),
      inWindow: (title) => uiActions().noticeShown(title),
    }),
    [actions],
  );
  // What the agent is (picked, or on a call while one is in progress) goes to the server while connected.
  const availability = useAvailability(engine.db)?.effective;
  useEffect(() => {
    if (availability) live.declareAvailability(availability);
  }, [live, availability]);
  useEscalationAlerts(engine.db, session.user, hostNotifier(hostApi()), escalationHandlers);

  const view = useUi((s) => s.view);
  const openTicketId = useUi((s) => s.openTicketId);
  const textAction = useUi((s) => s.textAction);
  const cheatSheetOpen = useUi((s) => s.cheatSheetOpen);
  const callPanelOpen = useUi((s) => s.callPanelOpen);
  const paletteOpen = useUi((s) => s.paletteOpen);
  const picker = useUi((s) => s.picker);
  const notice = useUi((s) => s.notice);
  const country = countryOf(useLiveQuery(() => loadWorkspace(engine.db), [engine]));

  const handlers = useMemo(() => workstationHandlers(actions, session.user), [actions, session.user]);
  useHotkeys(keymap, handlers);
  const available = useMemo(() => new Set(Object.keys(handlers) as ActionId[]), [handlers]);

  const saveText = (text: string, customerUpdate: string): Promise<ActionResult> => {
    if (!textAction || !actions) return Promise.resolve({ ok: false, message: 'Still opening your workstation; try again.' });
    if (textAction.kind === 'resolve') return actions.setStatus(textAction.ticketId, 'resolved', text);
    if (textAction.kind === 'escalate') return actions.escalate(textAction.ticketId, text, customerUpdate);
    if (textAction.kind === 'deescalate') return actions.deescalate(textAction.ticketId, text);
    if (textAction.kind === 'acknowledge') return actions.acknowledge(textAction.ticketId, text.trim());
    return actions.addComment(textAction.ticketId, textAction.kind === 'publicReply' ? 'public' : 'internal', text);
  };
  const signOut = () => {
    void fetch(`${baseUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } }).catch(() => undefined);
    void forgetKeptSession();
    sessionActions().signedOut();
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      {/* Mounted for the whole session: the queue list comes and goes (a ticket opened, another queue read). */}
      <QueueStyles />
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            Switchboard
          </Typography>
          <SearchBox db={engine.db} country={country} />
          <SyncStatusChip engine={engine} />
          <ConflictCenter engine={engine} />
          <AlertsButton onSettings={() => setAlertSettingsOpen(true)} />
          <AvailabilityMenu db={engine.db} />
          <Typography variant="body2" data-testid="signed-in-user">
            {session.user.name} · {session.user.role}
          </Typography>
          <Button color="inherit" onClick={() => uiActions().callPanelToggled(true)}>
            Log a call (F2)
          </Button>
          <Button color="inherit" onClick={() => uiActions().cheatSheetToggled(true)}>
            Shortcuts (?)
          </Button>
          <Button color="inherit" onClick={() => setSettingsOpen(true)}>
            Keys…
          </Button>
          {hostApi().host === 'desktop' && (
            <Button color="inherit" onClick={() => setDesktopSettingsOpen(true)}>
              Desktop…
            </Button>
          )}
          <ThemeModeButton />
          <Button color="inherit" onClick={signOut}>
            Sign out
          </Button>
        </Toolbar>
      </AppBar>
      <Box sx={{ display: 'flex', flexGrow: 1, minHeight: 0 }}>
        <QueueNav db={engine.db} user={session.user} />
        <Box component="main" sx={{ flexGrow: 1, minWidth: 0, borderLeft: 1, borderColor: 'divider' }}>
          {openTicketId ? (
            <TicketWorkspace
              db={engine.db}
              ticketId={openTicketId}
              viewer={session.user}
              onEdit={actions ? (fields) => actions.editText(openTicketId, fields) : undefined}
              onAcknowledge={() => uiActions().textActionStarted('acknowledge', openTicketId)}
              onDeescalate={() => uiActions().textActionStarted('deescalate', openTicketId)}
            />
          ) : (
            <SearchCover db={engine.db} country={country}>
              {view === 'customers' ? (
                <CustomersView db={engine.db} />
              ) : view === 'board' && supervises(session.user.role) ? (
                <TeamBoard db={engine.db} live={live} reassign={(ticketId, assigneeId) => void reportResult(actions?.assignTo(ticketId, assigneeId))} />
              ) : (
                <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
                  <QueueToolbar db={engine.db} />
                  <Box sx={{ flexGrow: 1, minHeight: 0 }}>
                    <QueueList db={engine.db} user={session.user} />
                  </Box>
                </Box>
              )}
            </SearchCover>
          )}
        </Box>
      </Box>
      {textAction && <TextActionDialog key={`${textAction.kind}:${textAction.ticketId}`} kind={textAction.kind} onSave={saveText} onClose={() => uiActions().textActionEnded()} />}
      {callPanelOpen && <CallPanel engine={engine} user={session.user} onClose={() => uiActions().callPanelToggled(false)} />}
      {picker && actions && (
        <TriagePicker
          db={engine.db}
          kind={picker.kind}
          ticketId={picker.ticketId}
          actions={actions}
          onResult={(result) => !result.ok && uiActions().noticeShown(result.message)}
          onClose={() => uiActions().pickerClosed()}
        />
      )}
      {paletteOpen && <CommandPalette keymap={keymap} available={available} onRun={(id) => handlers[id]?.()} onClose={() => uiActions().paletteToggled(false)} />}
      {alertSettingsOpen && <AlertSettingsDialog onClose={() => setAlertSettingsOpen(false)} />}
      {desktopSettingsOpen && <DesktopSettings onClose={() => setDesktopSettingsOpen(false)} />}
      {settingsOpen && <KeymapSettings available={available} onClose={() => setSettingsOpen(false)} />}
      {cheatSheetOpen && <CheatSheet keymap={keymap} available={available} onClose={() => uiActions().cheatSheetToggled(false)} />}
      <UpdateNotice />
      {/* Keyed by its message: each notice gets its own six seconds, and one arriving meanwhile waits. Only
          the timer or its own Dismiss ends it: a click elsewhere or an Escape is the agent working on. */}
      <Snackbar
        key={notice ?? ''}
        open={notice !== null}
        message={notice}
        autoHideDuration={6000}
        onClose={(_, reason) => reason === 'timeout' && uiActions().noticeShown(null)}
        action={<Button color="inherit" size="small" onClick={() => uiActions().noticeShown(null)}>Dismiss</Button>}
        data-testid="notice"
      />
    </Box>
  );
}

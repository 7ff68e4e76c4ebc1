import { supervises, type User } from '../../core/people/user';
import type { Priority } from '../../core/ticket/priority';
import type { HotkeyHandlers } from '../hotkeys/use-hotkeys';
import { queuesFor } from '../queues/queue-definitions';
import { shownTicketAt } from '../queues/shown-queue';
import { SEARCH_BOX_ID } from '../search/SearchBox';
import type { ActionResult, TriageActions } from './triage-actions';
import { searchCoversView, uiActions, type PickerKind, type TextAction } from './ui-store';

/**
 * What each key of the keymap does at the workstation. Supervisors' actions (answering escalations,
 * the breaches queue, the team board) are only bound for supervisors and admins, so agents do not
 * see them in the palette or the cheat sheet. Every action works on the open ticket, else the
 * selected one unless search results cover the queue.
 */
export function workstationHandlers(actions: TriageActions | null, user: User): HotkeyHandlers {
  // While search results cover the queue, its selection is out of sight: keys act on an open ticket only.
  const covered = () => searchCoversView(uiActions());
  const target = () => uiActions().openTicketId ?? (covered() ? null : uiActions().selectedTicketId);
  const report = async (pending: Promise<ActionResult> | undefined) => {
    const result = await pending;
    if (result && !result.ok) uiActions().noticeShown(result.message);
  };
  const onTicket = (run: (id: string) => Promise<ActionResult> | undefined) => () => {
    const id = target();
    if (id) void report(run(id));
  };
  const priority = (p: Priority) => onTicket((id) => actions?.setPriority(id, p));
  const text = (kind: TextAction) => () => {
    const id = target();
    if (id) uiActions().textActionStarted(kind, id);
  };
  const pick = (kind: PickerKind) => () => {
    const id = target();
    if (id) uiActions().pickerOpened(kind, id);
  };
  const move = (by: number) => {
    if (covered()) return;
    const { index, id } = shownTicketAt(uiActions().selectedIndex + by);
    uiActions().rowSelected(index, id);
  };
  const goto = Object.fromEntries(queuesFor(user.role).map((q) => [q.goto, () => uiActions().queueChosen(q.id)])) as HotkeyHandlers;
  const supervisorOnly: HotkeyHandlers = supervises(user.role)
    ? {
        'goto.board': () => uiActions().boardChosen(),
        'escalation.acknowledge': text('acknowledge'),
        'escalation.deescalate': text('deescalate'),
      }
    : {};
  return {
    ...goto,
    ...supervisorOnly,
    'goto.customers': () => uiActions().customersChosen(),
    'queue.next': () => move(1),
    'queue.previous': () => move(-1),
    'ticket.open': () => {
      const id = target();
      if (id) uiActions().ticketOpened(id);
    },
    'call.open': () => uiActions().callPanelToggled(true),
    'palette.open': () => uiActions().paletteToggled(!uiActions().paletteOpen),
    'search.focus': () => document.getElementById(SEARCH_BOX_ID)?.focus(),
    'ticket.close': () => {
      if (uiActions().picker) uiActions().pickerClosed();
      else if (uiActions().paletteOpen) uiActions().paletteToggled(false);
      else if (document.activeElement?.id === SEARCH_BOX_ID) {
        uiActions().searchChanged('');
        (document.activeElement as HTMLElement).blur();
      } else if (uiActions().callPanelOpen) uiActions().callPanelToggled(false);
      else if (uiActions().cheatSheetOpen) uiActions().cheatSheetToggled(false);
      else if (!uiActions().textAction) uiActions().ticketClosed();
    },
    'priority.critical': priority('critical'),
    'priority.high': priority('high'),
    'priority.medium': priority('medium'),
    'priority.low': priority('low'),
    'ticket.assignToMe': onTicket((id) => actions?.assignToMe(id)),
    'ticket.assignTo': pick('assignee'),
    'ticket.category': pick('category'),
    'ticket.team': pick('team'),
    'ticket.pendingCustomer': onTicket((id) => actions?.setStatus(id, 'pending_customer')),
    'ticket.resolve': text('resolve'),
    'ticket.internalNote': text('internalNote'),
    'ticket.publicReply': text('publicReply'),
    'ticket.escalate': text('escalate'),
    'cheatSheet.open': () => uiActions().cheatSheetToggled(!uiActions().cheatSheetOpen),
  };
}

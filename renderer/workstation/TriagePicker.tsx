import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_CATEGORIES } from '../../core/ticket/category';
import { ChoiceDialog, type Choice } from '../components/ChoiceDialog';
import type { MirrorDb } from '../sync/mirror-db';
import { loadWorkspace } from '../workspace/workspace-config';
import type { ActionResult, TriageActions } from './triage-actions';
import type { PickerKind } from './ui-store';

const TITLE: Record<PickerKind, string> = { category: 'Category', team: 'Move to team', assignee: 'Assign to' };

/** The category, team and assignee pickers of triage, from the mirror's workspace so they work offline. */
export function TriagePicker({ db, kind, ticketId, actions, onResult, onClose }: { db: MirrorDb; kind: PickerKind; ticketId: string; actions: TriageActions; onResult: (result: ActionResult) => void; onClose: () => void }) {
  const workspace = useLiveQuery(() => loadWorkspace(db), [db]);
  const ticket = useLiveQuery(() => db.tickets.get(ticketId), [db, ticketId]);
  if (!workspace || !ticket) return null;
  let choices: Choice[];
  if (kind === 'category') choices = DEFAULT_CATEGORIES.map((c) => ({ id: c.id, primary: c.label }));
  else if (kind === 'team') choices = workspace.teams.map((t) => ({ id: t.id, primary: t.name }));
  else choices = workspace.people.filter((p) => p.role !== 'admin' && ticket.teamId !== null && p.teamIds.includes(ticket.teamId)).map((p) => ({ id: p.id, primary: p.name, secondary: p.role }));
  const choose = (id: string) => {
    const pending = kind === 'category' ? actions.setCategory(ticketId, id) : kind === 'team' ? actions.moveToTeam(ticketId, id) : actions.assignTo(ticketId, id);
    void pending.then(onResult);
  };
  return <ChoiceDialog title={TITLE[kind]} inputLabel={TITLE[kind]} choices={choices} onChoose={choose} onClose={onClose} />;
}


import { create } from 'zustand';
import type { QueueId } from '../queues/queue-definitions';
import { NO_FILTERS, type QueueFilters, type QueueSort } from '../queues/queue-view';

/** What the main area shows: a ticket queue, the customer directory or the supervisors' team board. */
export type MainView = 'queue' | 'customers' | 'board';

/** Dialogs an action opens for the text it needs before it can be saved. */
export type TextAction = 'resolve' | 'internalNote' | 'publicReply' | 'escalate' | 'acknowledge' | 'deescalate';

/** Pickers a triage key opens. */
export type PickerKind = 'category' | 'team' | 'assignee';

interface UiState {
  readonly view: MainView;
  readonly queueId: QueueId;
  readonly sort: QueueSort;
  readonly filters: QueueFilters;
  readonly openCustomerId: string | null;
  /** Index of the highlighted row in the current queue (ids live in Dexie, not here). */
  readonly selectedIndex: number;
  readonly selectedTicketId: string | null;
  readonly openTicketId: string | null;
  readonly textAction: { readonly kind: TextAction; readonly ticketId: string } | null;
  readonly cheatSheetOpen: boolean;
  readonly callPanelOpen: boolean;
  readonly paletteOpen: boolean;
  readonly searchText: string;
  readonly picker: { readonly kind: PickerKind; readonly ticketId: string } | null;
  /** The notice on screen; the ones that came while it showed wait their turn, each said once. */
  readonly notice: string | null;
  readonly laterNotices: readonly string[];
  queueChosen(queueId: QueueId): void;
  sortChosen(sort: QueueSort): void;
  filtersChanged(filters: QueueFilters): void;
  customersChosen(): void;
  boardChosen(): void;
  customerOpened(customerId: string | null): void;
  rowSelected(index: number, ticketId: string | null): void;
  ticketOpened(ticketId: string): void;
  ticketClosed(): void;
  textActionStarted(kind: TextAction, ticketId: string): void;
  textActionEnded(): void;
  cheatSheetToggled(open: boolean): void;
  callPanelToggled(open: boolean): void;
  paletteToggled(open: boolean): void;
  searchChanged(text: string): void;
  pickerOpened(kind: PickerKind, ticketId: string): void;
  pickerClosed(): void;
  /** A message for the notice bar, or null when the one on screen is dismissed (the next then shows). */
  noticeShown(message: string | null): void;
  noticesCleared(): void;
}

const useUiStore = create<UiState>()((set) => ({
  view: 'queue',
  queueId: 'my-work',
  sort: 'due',
  filters: NO_FILTERS,
  openCustomerId: null,
  selectedIndex: 0,
  selectedTicketId: null,
  openTicketId: null,
  textAction: null,
  cheatSheetOpen: false,
  callPanelOpen: false,
  paletteOpen: false,
  searchText: '',
  picker: null,
  notice: null,
  laterNotices: [],
  queueChosen: (queueId) => set({ view: 'queue', queueId, selectedIndex: 0, selectedTicketId: null, openTicketId: null, searchText: '' }),
  sortChosen: (sort) => set({ sort, selectedIndex: 0 }),
  filtersChanged: (filters) => set({ filters, selectedIndex: 0 }),
  customersChosen: () => set({ view: 'customers', openTicketId: null, openCustomerId: null, searchText: '' }),
  boardChosen: () => set({ view: 'board', openTicketId: null, searchText: '' }),
  customerOpened: (openCustomerId) => set({ openCustomerId }),
  rowSelected: (selectedIndex, selectedTicketId) => set({ selectedIndex, selectedTicketId }),
  ticketOpened: (openTicketId) => set({ openTicketId }),
  ticketClosed: () => set({ openTicketId: null }),
  textActionStarted: (kind, ticketId) => set({ textAction: { kind, ticketId } }),
  textActionEnded: () => set({ textAction: null }),
  cheatSheetToggled: (cheatSheetOpen) => set({ cheatSheetOpen }),
  callPanelToggled: (callPanelOpen) => set({ callPanelOpen }),
  paletteToggled: (paletteOpen) => set({ paletteOpen }),
  searchChanged: (searchText) => set({ searchText, openTicketId: null }),
  pickerOpened: (kind, ticketId) => set({ picker: { kind, ticketId } }),
  pickerClosed: () => set({ picker: null }),
  noticeShown: (message) =>
    set(({ notice, laterNotices }) => {
      if (message === null) return { notice: laterNotices[0] ?? null, laterNotices: laterNotices.slice(1) };
      if (notice === null) return { notice: message };
      return message === notice || laterNotices.includes(message) ? {} : { laterNotices: [...laterNotices, message] };
    }),
  noticesCleared: () => set({ notice: null, laterNotices: [] }),
}));

/** Search results cover the view (the queue under them is out of sight) while the box holds text. */
export const searchCoversView = (state: Pick<UiState, 'searchText'>): boolean => state.searchText.trim() !== '';

export const useUi = <T>(selector: (state: UiState) => T): T => useUiStore(selector);
export const uiActions = () => useUiStore.getState();

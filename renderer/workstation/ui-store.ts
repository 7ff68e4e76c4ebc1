import { create } from 'zustand';
import type { QueueId } from '../queues/queue-definitions';

/** Dialogs an action opens for the text it needs before it can be saved. */
export type TextAction = 'resolve' | 'internalNote' | 'publicReply';

/** Pickers a triage key opens. */
export type PickerKind = 'category' | 'team' | 'assignee';

interface UiState {
  readonly queueId: QueueId;
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
  readonly notice: string | null;
  queueChosen(queueId: QueueId): void;
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
  noticeShown(message: string | null): void;
}

const useUiStore = create<UiState>()((set) => ({
  queueId: 'my-work',
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
  queueChosen: (queueId) => set({ queueId, selectedIndex: 0, selectedTicketId: null, openTicketId: null, searchText: '' }),
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
  noticeShown: (notice) => set({ notice }),
}));

export const useUi = <T>(selector: (state: UiState) => T): T => useUiStore(selector);
export const uiActions = () => useUiStore.getState();

import { GlobalStyles } from '@mui/material';
import type { Theme } from '@mui/material/styles';
import { memo } from 'react';

export const ROW_HEIGHT = 40;

const PRIORITY_COLORS = ['error', 'warning', 'info'] as const;

/** The class of the queue's scroller (QueueList), under which QueueStyles styles the rows. */
export const QUEUE_SCROLLER_CLASS = 'queue-scroller';

/**
 * The queue's scroller and its rows, styled by class. A row is plain elements, not MUI components: each MUI
 * component resolves and hashes its styles on every render, and a scroll through the queue mounts dozens of
 * rows a frame. The scroller is a plain element too: as a styled component it serialised this whole sheet
 * again on every frame of a scroll (6-9 MiB of garbage in a 10 s scroll of 75,000 rows, docs/performance.md);
 * these global styles are rendered once, memoised, by the workstation frame, and again only when the colour
 * scheme changes (the theme is then a new one). The look is MUI's own (body2 and caption text, small chips),
 * from the theme's palette.
 */
export const QueueStyles = memo(function QueueStyles() {
  return <GlobalStyles styles={(theme: Theme) => ({ [`.${QUEUE_SCROLLER_CLASS}`]: scrollerStyles(theme) })} />;
});

function scrollerStyles(theme: Theme) {
  const palette = theme.vars?.palette ?? theme.palette;
  const chipColors = Object.fromEntries(
    PRIORITY_COLORS.map((color) => [`& .queue-chip[data-color="${color}"]`, { backgroundColor: palette[color].main, color: palette[color].contrastText }]),
  );
  return {
    height: '100%',
    overflow: 'auto',
    // The rows' layout and paint stay inside the list: a row mounted while scrolling lays out nothing else.
    contain: 'strict',
    '& .queue-window': { position: 'absolute', top: 0, left: 0, right: 0 },
    '& .queue-row': {
      height: ROW_HEIGHT, contain: 'strict',
      display: 'flex', alignItems: 'center', gap: theme.spacing(1.5), padding: theme.spacing(0, 2), cursor: 'pointer',
      borderBottom: `1px solid ${palette.divider}`, boxSizing: 'border-box', color: palette.text.primary,
    },
    '& .queue-row[aria-selected="true"]': { backgroundColor: palette.action.selected },
    '& .queue-text': { ...theme.typography.body2, margin: 0 },
    '& .queue-number': { width: 100, flexShrink: 0, fontVariantNumeric: 'tabular-nums' },
    '& .queue-subject': { flexGrow: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
    '& .queue-caption': { ...theme.typography.caption, margin: 0, flexShrink: 0, color: palette.text.secondary },
    '& .queue-status': { width: 120 },
    '& .queue-due': { width: 110 },
    '& .queue-due[data-overdue="true"]': { color: palette.error.main },
    // MUI's small chip, filled or outlined.
    '& .queue-chip': {
      display: 'inline-flex', alignItems: 'center', justifyContent: 'center', boxSizing: 'border-box', flexShrink: 0,
      height: 24, borderRadius: 12, padding: '0 8px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis',
      fontFamily: theme.typography.fontFamily, fontSize: theme.typography.pxToRem(13),
      backgroundColor: palette.action.selected, color: palette.text.primary,
    },
    '& .queue-priority': { width: 76 },
    ...chipColors,
    '& .queue-chip[data-color="success"]': { backgroundColor: 'transparent', color: palette.success.main, border: `1px solid ${palette.success.main}` },
  };
}

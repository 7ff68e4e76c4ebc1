import { z } from 'zod';

/** Where and how big the window was, as kept between starts. */
export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
/** Smaller than this is not a workstation window; a saved one that small is ignored. */
const MIN_SIZE = { width: 800, height: 500 } as const;
/** How much of the title bar must lie on a screen for the window to count as reachable. */
const VISIBLE_MARGIN = 48;

/**
 * The bounds to open the window with: the saved ones when their title bar is on one of today's screens
 * (a laptop undocked from its second monitor must not open off-screen), else the default size centred
 * on the primary screen; never larger than the screen it lands on.
 */
export function windowBounds(saved: unknown, screens: readonly Rectangle[], primary: Rectangle): { bounds: Rectangle; maximized: boolean } {
  const parsed = WindowStateSchema.safeParse(saved);
  if (parsed.success && parsed.data.width >= MIN_SIZE.width && parsed.data.height >= MIN_SIZE.height) {
    const state = parsed.data;
    const screen = screens.find((s) => titleBarOn(state, s));
    if (screen) {
      return { bounds: { x: state.x, y: state.y, width: Math.min(state.width, screen.width), height: Math.min(state.height, screen.height) }, maximized: state.maximized };
    }
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return { bounds: { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height }, maximized: false };
}

function titleBarOn(window: Rectangle, screen: Rectangle): boolean {
  const left = Math.max(window.x, screen.x);
  const right = Math.min(window.x + window.width, screen.x + screen.width);
  return right - left >= VISIBLE_MARGIN && window.y >= screen.y && window.y <= screen.y + screen.height - VISIBLE_MARGIN;
}

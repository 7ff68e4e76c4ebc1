import { describe, expect, it } from 'vitest';
import { windowBounds } from '../../../main/services/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window size and position between starts', () => {
  it('opens where it was, maximized if it was', () => {
    expect(windowBounds({ x: 1600, y: 100, width: 1800, height: 1100, maximized: true }, [laptop, monitor], laptop)).toEqual({
      bounds: { x: 1600, y: 100, width: 1800, height: 1100 },
      maximized: true,
    });
  });

  it('comes back onto the laptop when the monitor it was on is gone', () => {
    expect(windowBounds({ x: 1600, y: 100, width: 1800, height: 1100, maximized: false }, [laptop], laptop)).toEqual({
      bounds: { x: 80, y: 50, width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('ignores saved state that is malformed, tiny or above the screen, and fits a small screen', () => {
    for (const saved of [null, 'x', { x: 10, y: 10, width: 300, height: 200, maximized: false }, { x: 10, y: -500, width: 1280, height: 800, maximized: false }]) {
      expect(windowBounds(saved, [laptop], laptop).bounds).toEqual({ x: 80, y: 50, width: 1280, height: 800 });
    }
    const small = { x: 0, y: 0, width: 1024, height: 600 };
    expect(windowBounds(undefined, [small], small).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 600 });
  });
});

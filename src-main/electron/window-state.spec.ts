import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { debounced, fitWindowState, readWindowState, writeWindowState, type WindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
/** a second monitor to the right of the laptop */
const monitor = { x: 1920, y: 0, width: 2560, height: 1400 };
const minimum = { width: 960, height: 600 };
const preferred = { width: 1400, height: 900 };

describe('fitWindowState', () => {
  it('keeps a window where it was when it shows on a display', () => {
    const saved: WindowState = { x: 2100, y: 100, width: 1600, height: 1000, maximized: false };
    expect(fitWindowState(saved, [laptop, monitor], laptop, minimum, preferred)).toEqual(saved);
    const partly = { x: -200, y: 40, width: 1200, height: 800, maximized: true };
    expect(fitWindowState(partly, [laptop], laptop, minimum, preferred)).toEqual(partly);
  });

  it('centres a window on the primary display when its monitor was unplugged', () => {
    const onMonitor: WindowState = { x: 2100, y: 100, width: 1600, height: 1000, maximized: true };
    expect(fitWindowState(onMonitor, [laptop], laptop, minimum, preferred)).toEqual({ x: 160, y: 25, width: 1600, height: 1000, maximized: true });
  });

  it('moves a window whose title bar is off every screen, even if its body shows', () => {
    const titleAbove: WindowState = { x: 100, y: -500, width: 1000, height: 800, maximized: false };
    expect(fitWindowState(titleAbove, [laptop], laptop, minimum, preferred)).toEqual({ x: 460, y: 125, width: 1000, height: 800, maximized: false });
    const barelyLeft: WindowState = { x: -1150, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitWindowState(barelyLeft, [laptop], laptop, minimum, preferred).x).toBe(360);
  });

  it('shrinks a window to a smaller screen, never below the minimum size', () => {
    const small = { x: 0, y: 0, width: 1280, height: 700 };
    const big: WindowState = { x: 0, y: 0, width: 2400, height: 1300, maximized: false };
    expect(fitWindowState(big, [small], small, minimum, preferred)).toEqual({ x: 0, y: 0, width: 1280, height: 700, maximized: false });
    const tiny: WindowState = { x: 10, y: 10, width: 300, height: 200, maximized: false };
    expect(fitWindowState(tiny, [laptop], laptop, minimum, preferred)).toEqual({ x: 10, y: 10, width: 960, height: 600, maximized: false });
    const netbook = { x: 0, y: 0, width: 800, height: 560 };
    expect(fitWindowState(null, [netbook], netbook, minimum, preferred)).toEqual({ x: 0, y: 0, width: 960, height: 600, maximized: false });
  });

  it('without a saved place: the preferred size centred on the primary display', () => {
    expect(fitWindowState(null, [laptop, monitor], monitor, minimum, preferred)).toEqual({ x: 1920 + 580, y: 250, width: 1400, height: 900, maximized: false });
  });
});

describe('the window state file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lens-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'window-state.json');

  it('round-trips, with whole pixels, and leaves no temp file', () => {
    writeWindowState(file, { x: 10.4, y: -20, width: 1200.6, height: 800, maximized: true });
    expect(readWindowState(file)).toEqual({ x: 10, y: -20, width: 1201, height: 800, maximized: true });
    expect(readdirSync(dir)).toEqual(['window-state.json']);
  });

  it('reads a missing or damaged file as no saved place', () => {
    expect(readWindowState(path.join(dir, 'none.json'))).toBeNull();
    for (const damaged of ['', '{"format":"anomaly-lens-window","x":1', '[]', 'null', '{"format":"other","x":0,"y":0,"width":1,"height":1,"maximized":false}']) {
      writeFileSync(file, damaged);
      expect(readWindowState(file), damaged).toBeNull();
    }
    writeFileSync(file, JSON.stringify({ format: 'anomaly-lens-window', x: 0, y: 0, width: -5, height: 100, maximized: false }));
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ format: 'anomaly-lens-window', x: 'a', y: 0, width: 5, height: 100, maximized: false }));
    expect(readWindowState(file)).toBeNull();
  });

  it('replaces the file whole', () => {
    writeFileSync(file, 'garbage');
    writeWindowState(file, { x: 1, y: 2, width: 3, height: 4, maximized: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 'anomaly-lens-window', x: 1, y: 2, width: 3, height: 4, maximized: false });
  });
});

describe('debounced', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once the window has stopped moving, and not after a cancel', () => {
    vi.useFakeTimers();
    const save = vi.fn();
    const later = debounced(save, 500);
    later.schedule();
    vi.advanceTimersByTime(300);
    later.schedule();
    vi.advanceTimersByTime(300);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(save).toHaveBeenCalledOnce();
    later.schedule();
    later.cancel();
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledOnce();
  });
});

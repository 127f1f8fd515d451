/**
 * The window's size and position between sessions: read and written as JSON in the user-data folder,
 * and fitted to the displays there are now. Electron only as types: the glue passes the displays in.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState extends Rect {
  maximized: boolean;
}
export interface Size {
  width: number;
  height: number;
}

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);
const stateFileSchema = z.object({
  format: z.literal('anomaly-lens-window'),
  x: coordinate,
  y: coordinate,
  width: length,
  height: length,
  maximized: z.boolean(),
});

export const windowStateFileName = 'window-state.json';

/** The saved state; null when there is none or it is damaged (a lost convenience, never a reason not to start). */
export function readWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const { x, y, width, height, maximized } = stateFileSchema.parse(JSON.parse(text));
    return { x, y, width, height, maximized };
  } catch {
    return null;
  }
}

/**
 * Writes the state to a temp file beside `file`, syncs it and renames it over: a crash leaves the
 * old state or the new. Synchronous, unlike writeFileAtomic, because the last write happens while the
 * window closes and the app quits, when nothing awaits it; the file is a hundred bytes.
 */
export function writeWindowState(file: string, state: WindowState): void {
  const rounded = { x: Math.round(state.x), y: Math.round(state.y), width: Math.round(state.width), height: Math.round(state.height) };
  const text = `${JSON.stringify({ format: 'anomaly-lens-window', ...rounded, maximized: state.maximized })}\n`;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = openSync(temp, 'w');
    try {
      writeSync(handle, text);
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Height of the strip at the top of a window that must be on a screen for the user to drag it. */
const titleStrip = 32;
/** How much of that strip must show, in pixels across. */
const graspable = 100;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** Whether the window's top strip shows on `area` enough to grab it. */
function reachableOn(bounds: Rect, area: Rect): boolean {
  const strip = { x: bounds.x, y: bounds.y, width: bounds.width, height: titleStrip };
  const shown = overlap(strip, area);
  return shown.width >= Math.min(graspable, bounds.width) && shown.height >= titleStrip / 2;
}

/** At least the window's minimum, at most the work area (unless the minimum is larger). */
function fitSize(size: Size, area: Rect, minimum: Size): Size {
  return {
    width: Math.max(minimum.width, Math.min(size.width, area.width)),
    height: Math.max(minimum.height, Math.min(size.height, area.height)),
  };
}

function centred(size: Size, area: Rect): Rect {
  return {
    x: area.x + Math.max(0, Math.round((area.width - size.width) / 2)),
    y: area.y + Math.max(0, Math.round((area.height - size.height) / 2)),
    ...size,
  };
}

/**
 * Where the window opens. Saved bounds stay where they were when their title strip shows on one of
 * today's work areas (shrunk to fit it if the screen got smaller); off-screen bounds (the monitor they
 * were on is gone) move to the middle of the primary display. Without saved bounds: `preferred` size,
 * centred on the primary display, fitted to it. Never below `minimum`.
 */
export function fitWindowState(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect, minimum: Size, preferred: Size): WindowState {
  if (!saved) return { ...centred(fitSize(preferred, primary, minimum), primary), maximized: false };
  const home = workAreas.find((area) => reachableOn(saved, area));
  if (!home) return { ...centred(fitSize(saved, primary, minimum), primary), maximized: saved.maximized };
  return { x: saved.x, y: saved.y, ...fitSize(saved, home, minimum), maximized: saved.maximized };
}

/** Calls `save` once the window has stopped moving for `delayMs`. */
export function debounced(save: () => void, delayMs: number): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    schedule() {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        save();
      }, delayMs);
    },
    cancel,
  };
}

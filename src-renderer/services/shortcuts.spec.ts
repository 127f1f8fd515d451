import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (k: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; shiftKey?: boolean } = {}, tagName = 'BODY') => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
  target: { tagName, isContentEditable: false } as unknown as EventTarget,
});

describe('shortcutFor', () => {
  it("maps UI.md's keys, with Cmd as Ctrl", () => {
    expect(shortcutFor(key('o', { ctrlKey: true }))).toBe('open');
    expect(shortcutFor(key('O', { metaKey: true }))).toBe('open');
    expect(shortcutFor(key('Enter', { ctrlKey: true }))).toBe('train');
    expect(shortcutFor(key('Escape'))).toBe('cancel');
    expect(shortcutFor(key('j'))).toBe('nextEvent');
    expect(shortcutFor(key('K'))).toBe('previousEvent');
    expect(shortcutFor(key('o'))).toBeNull();
  });

  it('opens a project with Ctrl+Shift+O, as the File menu says', () => {
    expect(shortcutFor(key('O', { ctrlKey: true, shiftKey: true }))).toBe('openProject');
    expect(shortcutFor(key('O', { metaKey: true, shiftKey: true }, 'INPUT'))).toBe('openProject');
  });

  it('leaves plain letters to a text field, but not the Ctrl shortcuts', () => {
    expect(shortcutFor(key('j', {}, 'INPUT'))).toBeNull();
    expect(shortcutFor(key('k', {}, 'TEXTAREA'))).toBeNull();
    expect(shortcutFor(key('Enter', { ctrlKey: true }, 'INPUT'))).toBe('train');
    expect(shortcutFor(key('j', { altKey: true }))).toBeNull();
  });

  it('saves with Ctrl+S and saves as with Ctrl+Shift+S, from a text field too', () => {
    expect(shortcutFor(key('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutFor(key('s', { metaKey: true }, 'INPUT'))).toBe('save');
    // with Shift held the browser reports the capital letter
    expect(shortcutFor(key('S', { ctrlKey: true, shiftKey: true }))).toBe('saveAs');
    expect(shortcutFor(key('S', { metaKey: true, shiftKey: true }, 'INPUT'))).toBe('saveAs');
    expect(shortcutFor(key('s'))).toBeNull();
    expect(shortcutFor(key('s', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

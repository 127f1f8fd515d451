import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (k: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean } = {}, tagName = 'BODY') => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
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

  it('leaves plain letters to a text field, but not the Ctrl shortcuts', () => {
    expect(shortcutFor(key('j', {}, 'INPUT'))).toBeNull();
    expect(shortcutFor(key('k', {}, 'TEXTAREA'))).toBeNull();
    expect(shortcutFor(key('Enter', { ctrlKey: true }, 'INPUT'))).toBe('train');
    expect(shortcutFor(key('j', { altKey: true }))).toBeNull();
  });
});

import { onBeforeUnmount, onMounted } from 'vue';

export interface ShortcutHandlers {
  open: () => void;
  openProject: () => void;
  save: () => void;
  saveAs: () => void;
  train: () => void;
  cancel: () => void;
  nextEvent: () => void;
  previousEvent: () => void;
}

/** Whether a key press belongs to a text control (so plain letters must not trigger shortcuts). */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Maps a key event to a shortcut name; exported for tests. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>,
): keyof ShortcutHandlers | null {
  const command = event.ctrlKey || event.metaKey;
  if (command && event.key === 'Enter') return 'train';
  if (command && !event.altKey && (event.key === 'o' || event.key === 'O')) return event.shiftKey ? 'openProject' : 'open';
  // the browser's own Ctrl+S saves the page: ours saves the project, also from a text field
  if (command && !event.altKey && (event.key === 's' || event.key === 'S')) return event.shiftKey ? 'saveAs' : 'save';
  if (event.key === 'Escape') return 'cancel';
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
  if (event.key === 'j' || event.key === 'J') return 'nextEvent';
  if (event.key === 'k' || event.key === 'K') return 'previousEvent';
  return null;
}

/** UI.md's keyboard: Ctrl+O open, Ctrl+Shift+O open a project, Ctrl+S save, Ctrl+Shift+S save as, Ctrl+Enter train, Esc cancel, J/K next/previous event. */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const onKey = (event: KeyboardEvent) => {
    const name = shortcutFor(event);
    if (!name) return;
    event.preventDefault();
    handlers[name]();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}

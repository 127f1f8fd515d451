/**
 * The renderer's only door to the host: a generic, typed invoke/subscribe over the contract. No
 * ipcRenderer, no Node. Channel and event names are checked here too, so a renderer bug cannot reach
 * anything outside the contract even before the host validates.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isChannelName, isEventName, type LensBridge } from '../../shared/ipc';

const bridge = {
  invoke: (channel, request) => {
    if (!isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${String(channel)}` } });
    }
    return ipcRenderer.invoke('lens:invoke', channel, request);
  },
  subscribe: (event, listener) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on('lens:event', handler);
    return () => ipcRenderer.removeListener('lens:event', handler);
  },
  // the renderer sees a dropped File, not its path (Electron 32+ removed File.path)
  pathForFile: (file) => webUtils.getPathForFile(file as File) || null,
} satisfies LensBridge;

contextBridge.exposeInMainWorld('lens', bridge);

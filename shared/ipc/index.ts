import type { z } from 'zod';
import { appChannels, appEvents } from './app';
import { compareChannels, compareEvents } from './compare';
import type { ChannelSpec } from './contract';
import { datasetsChannels, datasetsEvents } from './datasets';
import { modelsChannels } from './models';
import { projectsChannels } from './projects';
import { reportsChannels } from './reports';
import { resultsChannels } from './results';
import { settingsChannels } from './settings';
import { trainingChannels, trainingEvents } from './training';

/** Fails to compile when two domains declare the same name. */
type Disjoint<A, B> = Extract<keyof A, keyof B> extends never ? B : { duplicateChannel: Extract<keyof A, keyof B> };
export function joinDomains<A extends object, B extends object>(a: A, b: Disjoint<A, B>): A & B {
  return { ...a, ...(b as B) };
}

export const channels = joinDomains(
  joinDomains(
    joinDomains(joinDomains(joinDomains(joinDomains(appChannels, datasetsChannels), modelsChannels), trainingChannels), resultsChannels),
    reportsChannels,
  ),
  joinDomains(joinDomains(compareChannels, projectsChannels), settingsChannels),
);
export const events = joinDomains(joinDomains(joinDomains(appEvents, datasetsEvents), trainingEvents), compareEvents);

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.infer<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.infer<Channels[C]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What `window.lens` offers in Electron and what the web client offers in a browser. */
export interface LensBridge {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<import('./contract').Result<ResponseOf<C>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Where a dropped file (a DOM File) lies on disk: only the desktop app knows; a browser never tells a page. */
  pathForFile?(file: object): string | null;
}

export type { ChannelSpec };
export * from './contract';

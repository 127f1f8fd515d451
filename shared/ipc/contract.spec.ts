import { describe, expect, it } from 'vitest';
import { presets } from '../domain/presets';
import { channels, events, isChannelName, joinDomains } from './index';

describe('the IPC contract', () => {
  it('names every channel domain:verb and every request schema refuses unknown fields', () => {
    for (const [name, spec] of Object.entries(channels)) {
      expect(name).toMatch(/^(app|datasets|models|training|results|reports|compare|sweep|projects|settings):[a-z][A-Za-z]+$/);
      const parsed = spec.request.safeParse({ __proto_pollution: true });
      expect(parsed.success, name).toBe(false);
    }
    for (const name of Object.keys(events)) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]+$/);
  });

  it('knows its own channels and nothing else', () => {
    expect(isChannelName('training:start')).toBe(true);
    expect(isChannelName('toString')).toBe(false);
    expect(isChannelName('__proto__')).toBe(false);
    expect(isChannelName(42)).toBe(false);
  });

  it('rejects malformed training requests field by field', () => {
    const good = {
      datasetId: 'ds_1',
      roles: { time: 't', label: null, signals: ['a', 'b'] },
      model: presets[0]!.config,
      split: { kind: 'chronological', train: 0.6, validation: 0.2, normalOnly: true },
      missing: 'forward-fill',
    };
    const request = channels['training:start'].request;
    expect(request.safeParse(good).success).toBe(true);
    const bad = [
      { ...good, model: { ...good.model, family: 'transformer' } },
      { ...good, model: { ...good.model, hiddenLayers: [0] } },
      { ...good, model: { ...good.model, learningRate: -1 } },
      { ...good, model: { ...good.model, epochs: 1.5 } },
      { ...good, split: { kind: 'chronological', train: 0, validation: 0.2, normalOnly: true } },
      { ...good, split: { kind: 'chronological', train: 0.9, validation: 0.2, normalOnly: true } },
      { ...good, split: { kind: 'cut', row: null, time: null, validation: 0.1, normalOnly: true } },
      { ...good, missing: 'guess' },
      { ...good, roles: { ...good.roles, signals: [] } },
      { ...good, datasetId: '' },
    ];
    for (const candidate of bad) expect(request.safeParse(candidate).success, JSON.stringify(candidate).slice(0, 80)).toBe(false);
  });

  it('refuses, at compile time, two domains that declare the same channel', () => {
    const a = { 'x:one': 1 };
    const b = { 'x:one': 2 };
    // @ts-expect-error a duplicate channel name must not compile
    const joined = joinDomains(a, b);
    expect(joined).toBeDefined();
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetStore } from './dataset-store';
import { parseInterpretation } from '../ml/hitrate';
import { anomalyKinds, csvChunks, generateSynthetic, mulberry32, pumpStation, signalNames, toCsv, truthOf, type SynthOptions } from './synth';

const options: SynthOptions = { rows: 4000, signals: ['a', 'b', 'c', 'd', 'e', 'f'], seed: 7, anomalyShare: 0.05 };

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('generateSynthetic', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSynthetic(options)).toEqual(generateSynthetic(options));
    expect(generateSynthetic({ ...options, seed: 8 }).rows[10]).not.toEqual(generateSynthetic(options).rows[10]);
    const r = mulberry32(1);
    const first = [r(), r(), r()];
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    const again = mulberry32(1);
    expect([again(), again(), again()]).toEqual(first);
  });

  it('labels the requested share of rows in non-overlapping segments with real culprits', () => {
    for (const share of [0.02, 0.05, 0.1]) {
      const data = generateSynthetic({ ...options, anomalyShare: share });
      const labelled = data.rows.filter((r) => r[r.length - 1] === 1).length;
      expect(Math.abs(labelled / options.rows - share)).toBeLessThan(0.005);
      let covered = 0;
      let previousEnd = -1;
      for (const s of data.segments) {
        expect(s.start).toBeGreaterThan(previousEnd);
        expect(s.end).toBeGreaterThanOrEqual(s.start);
        previousEnd = s.end;
        covered += s.end - s.start + 1;
        expect(s.culprits.length).toBeGreaterThan(0);
        for (const c of s.culprits) expect(options.signals).toContain(c);
        expect(anomalyKinds).toContain(s.kind);
      }
      expect(covered).toBe(labelled);
    }
  });

  it('places one segment early and the rest after the training fraction; all three kinds occur', () => {
    const data = generateSynthetic(options);
    const early = data.segments.filter((s) => s.start < 0.6 * options.rows);
    expect(early).toHaveLength(1);
    expect(new Set(data.segments.map((s) => s.kind))).toEqual(new Set(anomalyKinds));
  });

  it('makes correlated signals and culprits that move', () => {
    const data = generateSynthetic({ ...options, anomalyShare: 0 });
    expect(data.segments).toEqual([]);
    const columns = options.signals.map((_, i) => data.rows.map((r) => r[i]));
    const strongest = Math.max(...columns.slice(1).map((c) => Math.abs(pearson(columns[0], c))));
    expect(strongest).toBeGreaterThan(0.3);

    const faulty = generateSynthetic(options);
    const shift = faulty.segments.find((s) => s.kind === 'mean-shift');
    expect(shift).toBeDefined();
    const i = faulty.header.indexOf(shift!.culprits[0]);
    const clean = generateSynthetic({ ...options, anomalyShare: 0 });
    // same seed, so rows before the first segment agree; inside the segment the culprit moved by >= 3 sigma
    const sd = Math.sqrt(columns[i].reduce((a, x) => a + x * x, 0) / columns[i].length - (columns[i].reduce((a, x) => a + x, 0) / columns[i].length) ** 2);
    const moved = Math.abs(faulty.rows[shift!.start][i] - clean.rows[shift!.start][i]);
    expect(moved).toBeGreaterThan(2.5 * sd);
  });

  it('hits the requested share up to 0.5, and 0 and tiny shares exactly', () => {
    for (const rows of [1000, 20_000]) {
      for (const share of [0, 0.001, 0.2, 0.35, 0.5]) {
        const data = generateSynthetic({ ...options, rows, anomalyShare: share });
        const labelled = data.rows.filter((r) => r[r.length - 1] === 1).length;
        expect(labelled, `${rows} rows at ${share}`).toBe(Math.round(share * rows));
        data.segments.forEach((s, i) => i > 0 && expect(s.start, 'a normal row between segments').toBeGreaterThan(data.segments[i - 1]!.end + 1));
      }
    }
    expect(() => generateSynthetic({ ...options, anomalyShare: 0.6 })).toThrow(/0 to 0.5/);
  });

  it('changes exactly the culprit signals inside each segment: every other value is the clean generation', () => {
    for (const kinds of [anomalyKinds, ['variance-explosion'] as const, ['mean-shift', 'correlation-break'] as const]) {
      const faulty = generateSynthetic({ ...options, anomalyShare: 0.1, kinds });
      const clean = generateSynthetic({ ...options, anomalyShare: 0 });
      expect(new Set(faulty.segments.map((s) => s.kind))).toEqual(new Set(kinds));
      const culpritsAt = new Map<number, Set<number>>();
      for (const s of faulty.segments) {
        for (let t = s.start; t <= s.end; t++) culpritsAt.set(t, new Set(s.culprits.map((c) => faulty.header.indexOf(c))));
      }
      faulty.rows.forEach((row, t) => {
        const culprits = culpritsAt.get(t) ?? new Set<number>();
        options.signals.forEach((_, i) => {
          if (culprits.has(i)) expect(row[i], `row ${t} culprit ${i}`).not.toBe(clean.rows[t]![i]);
          else expect(row[i], `row ${t} signal ${i}`).toBe(clean.rows[t]![i]);
        });
      });
    }
  });

  it('writes the truth in the interpretation format: half-open rows, 0-based features, raw agreeing', () => {
    const data = generateSynthetic({ ...options, signals: signalNames(12) });
    const truth = truthOf(data);
    expect(signalNames(12).slice(0, 3)).toEqual(['s00', 's01', 's02']);
    expect(parseInterpretation(JSON.stringify(truth))).toEqual(
      data.segments.map((s) => ({ start: s.start, end: s.end + 1, signals: s.culprits.map((c) => data.header.indexOf(c)) })),
    );
    expect(truth.map((t) => t.kind)).toEqual(data.segments.map((s) => s.kind));
  });

  it('writes CSV with ISO times at a fixed step and rounded values', () => {
    const data = generateSynthetic({ ...options, rows: 3, anomalyShare: 0 });
    const text = toCsv(data, { start: '2024-03-01T00:00:00Z', stepSeconds: 60, decimals: 2 });
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('time,a,b,c,d,e,f,label');
    expect(lines[2].startsWith('2024-03-01T00:01:00,')).toBe(true);
    expect(lines[1].split(',').slice(1, -1).every((v) => /^-?\d+(\.\d{1,2})?$/.test(v))).toBe(true);
    expect(toCsv(data).split('\n')[1].startsWith('0,')).toBe(true);
    expect([...csvChunks(data, {}, 2)]).toHaveLength(3);
    expect([...csvChunks(data, {}, 2)].join('')).toBe(toCsv(data));
  });
});

describe('embedded sample', () => {
  const dir = path.resolve(__dirname, '../../assets/sample');

  it('pump-station.csv is what the generator makes, and imports with the expected roles', async () => {
    const file = path.join(dir, 'pump-station.csv');
    const text = await readFile(file, 'utf8');
    expect(text).toBe(toCsv(generateSynthetic(pumpStation.options), pumpStation.csv));
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const truth = JSON.parse(await readFile(path.join(dir, 'pump-station.truth.json'), 'utf8'));
    expect(truth.segments.map((s: { start: number; end: number; kind: string; culprits: string[] }) => ({ start: s.start, end: s.end, kind: s.kind, culprits: s.culprits }))).toEqual(
      generateSynthetic(pumpStation.options).segments,
    );

    const store = await DatasetStore.open(':memory:');
    try {
      const summary = await store.importFile(file);
      const role = (r: string) => summary.columns.filter((c) => c.suggestedRole === r).map((c) => c.name);
      expect(role('time')).toEqual(['time']);
      expect(role('label')).toEqual(['label']);
      expect(role('signal')).toEqual(pumpStation.options.signals.map((s) => s.name));
      const m = await store.matrix(summary.id, { time: 'time', label: 'label', signals: role('signal') });
      const share = m.labels!.reduce((a, b) => a + b, 0) / m.n;
      expect(m.n).toBe(6000);
      expect(share).toBeCloseTo(0.05, 2);
      expect(m.times![1]).toBe(Date.UTC(2024, 2, 1, 0, 1));
    } finally {
      await store.close();
    }
  });
});

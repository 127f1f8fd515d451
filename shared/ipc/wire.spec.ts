import { describe, expect, it } from 'vitest';
import { clientFrameSchema, decodeFrame, encodeFrame, serverFrameSchema } from './wire';

describe('web mode frames', () => {
  it('bring typed arrays back as the same types with the same values', () => {
    const scores = Float32Array.from([0.5, 1e-7, 3.25, Number.NaN, -0]);
    const value = {
      scores,
      labels: Uint8Array.from([0, 1, 1, 0, 1]),
      thresholds: Float64Array.from([Math.PI, 1e300]),
      rows: Uint32Array.from([0, 4_000_000_000]),
      nested: [{ values: Int32Array.from([-1, 2]) }],
      plain: [1, 2.5, 'three', null, true],
    };
    const bytes = encodeFrame({ type: 'result', id: 7, result: { ok: true, value } });
    const frame = serverFrameSchema.parse(decodeFrame(bytes));
    expect(frame).toEqual({ type: 'result', id: 7, result: { ok: true, value } });
    const back = (frame as { result: { value: typeof value } }).result.value;
    expect(back.scores).toBeInstanceOf(Float32Array);
    expect(back.labels).toBeInstanceOf(Uint8Array);
    expect(back.thresholds).toBeInstanceOf(Float64Array);
    expect(back.rows).toBeInstanceOf(Uint32Array);
    expect(back.nested[0]!.values).toBeInstanceOf(Int32Array);
    expect(Object.is(back.scores[4], -0)).toBe(true);
  });

  it('sends only the viewed part of a typed array, and 4 bytes a score', () => {
    const buffer = Float32Array.from({ length: 1000 }, (_, i) => i);
    const view = buffer.subarray(3, 7);
    const frame = serverFrameSchema.parse(decodeFrame(encodeFrame({ type: 'event', event: 'x:y', payload: view })));
    expect(frame.type === 'event' && frame.payload).toEqual(Float32Array.from([3, 4, 5, 6]));
    const big = encodeFrame({ type: 'event', event: 'x:y', payload: buffer });
    expect(big.byteLength).toBeLessThan(4000 + 64);
  });

  it('leaves absent fields absent rather than null', () => {
    const bytes = encodeFrame({ type: 'result', id: 1, result: { ok: false, error: { code: 'BUSY', message: 'busy', details: undefined } } });
    expect(decodeFrame(bytes)).toEqual({ type: 'result', id: 1, result: { ok: false, error: { code: 'BUSY', message: 'busy' } } });
  });

  it('decodes what the browser sends, and the schemas still refuse a wrong frame', () => {
    const request = { runId: 'r1', cost: { cAlarm: 1, cMissed: 5, tolerance: 2 } };
    const decoded = clientFrameSchema.parse(decodeFrame(encodeFrame({ type: 'invoke', id: 3, channel: 'results:thresholdCurve', request })));
    expect(decoded).toEqual({ type: 'invoke', id: 3, channel: 'results:thresholdCurve', request });
    const wrong = decodeFrame(encodeFrame({ type: 'result', id: 3, result: { ok: true, value: 1 } }));
    expect(clientFrameSchema.safeParse(wrong).success).toBe(false);
    // JSON text is not MessagePack: '{' reads as the number 123, then bytes are left over
    expect(() => decodeFrame(Uint8Array.from('{"type":"invoke"}', (c) => c.charCodeAt(0)))).toThrow();
  });
});

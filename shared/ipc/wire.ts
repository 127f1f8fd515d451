import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';
import { z } from 'zod';
import { appErrorSchema } from './contract';

/**
 * Web mode's WebSocket frames: binary MessagePack, so that scores and heatmaps cross as typed arrays
 * (4 bytes a value) rather than JSON number lists. Electron uses ipcRenderer.invoke /
 * webContents.send with the same payloads (structured clone keeps typed arrays too), so the router
 * and the renderer's client see one protocol.
 */
export const clientFrameSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().min(0),
  channel: z.string().max(100),
  request: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const resultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: resultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/**
 * Each typed array travels as a MessagePack extension named after its type, so it decodes to the
 * same type (msgpack's own bin type would give every one back as a Uint8Array view of the frame).
 * The bytes are the platform's: both ends run on one machine (the server listens on loopback only).
 */
const typedArrayTypes = [Float32Array, Float64Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;

const extensionCodec = new ExtensionCodec();
typedArrayTypes.forEach((TypedArray, i) => {
  extensionCodec.register({
    type: i + 1,
    encode: (value) => (value instanceof TypedArray ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : null),
    // a copy (a Node Buffer's slice() would be a view): the extension's bytes sit at any offset in
    // the frame, not aligned for the element size
    decode: (bytes) => new TypedArray(new Uint8Array(bytes).buffer),
  });
});

/**
 * Any value holding typed arrays, as MessagePack with the extensions above: the frames, and a
 * project's run files (every platform the app ships for is little-endian, so the files travel too).
 */
export function encodeWithTypedArrays(value: unknown): Uint8Array {
  // an absent optional field stays absent (MessagePack would otherwise turn undefined into null)
  return encode(value, { extensionCodec, ignoreUndefined: true });
}

/** The value, still unchecked: callers parse it with a schema. */
export function decodeWithTypedArrays(bytes: ArrayBuffer | Uint8Array): unknown {
  return decode(bytes, { extensionCodec });
}

export const encodeFrame = (frame: ClientFrame | ServerFrame): Uint8Array => encodeWithTypedArrays(frame);

/** The frame's value, still unchecked: callers parse it with clientFrameSchema or serverFrameSchema. */
export const decodeFrame = (bytes: ArrayBuffer | Uint8Array): unknown => decodeWithTypedArrays(bytes);

/** Path of the WebSocket endpoint; the token travels as ?token= or in the session cookie. */
export const webSocketPath = '/ws';
export const tokenCookieName = 'lens_token';

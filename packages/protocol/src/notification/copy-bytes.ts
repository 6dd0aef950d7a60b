/**
 * A plain Uint8Array copy of bytes[start, end). `Buffer#slice` returns a Buffer view sharing
 * memory (and TypedArray#slice keeps the Buffer species), so decoders copy through this when
 * the caller may hand them a Buffer.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

/**
 * A fresh frame-sized array without the zero-fill `new Uint8Array` pays for (about a third of
 * a test-pattern frame's cost). Only for buffers that are completely overwritten before use.
 */
export function uninitializedBytes(size: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(size);
  // A plain Uint8Array over it, not the Buffer itself: Buffer's slice() returns a view, which would surprise consumers.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}

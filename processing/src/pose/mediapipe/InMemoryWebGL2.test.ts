import { describe, expect, it } from 'vitest';

import { createInMemoryCanvas, UnsupportedWebGLError } from './InMemoryWebGL2.ts';

// What MediaPipe's CPU path does with the context (see NOTES.md), through the same calls.
type Gl = Record<string, (...args: unknown[]) => unknown> & Record<'TEXTURE_2D' | 'RGBA' | 'UNSIGNED_BYTE', number>;

function context(): Gl {
  return createInMemoryCanvas().getContext('webgl2') as Gl;
}

describe('the in-memory WebGL2 context', () => {
  it('gives back, through a framebuffer, the pixels uploaded as a texture', () => {
    const gl = context();
    const pixels = Uint8Array.from({ length: 4 * 3 * 4 }, (_, i) => i);
    gl.activeTexture!(0x84c0);
    const texture = gl.createTexture!();
    gl.bindTexture!(gl.TEXTURE_2D, texture);
    gl.texImage2D!(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, { data: pixels, width: 4, height: 3 });
    const framebuffer = gl.createFramebuffer!();
    gl.bindFramebuffer!(0x8d40, framebuffer);
    gl.framebufferTexture2D!(0x8d40, 0x8ce0, gl.TEXTURE_2D, texture, 0);
    const heap = new Uint8Array(100);
    gl.readPixels!(0, 0, 4, 3, gl.RGBA, gl.UNSIGNED_BYTE, heap, 10);
    expect([...heap.subarray(10, 58)]).toEqual([...pixels]);
    const corner = new Uint8Array(8);
    gl.readPixels!(2, 1, 2, 1, gl.RGBA, gl.UNSIGNED_BYTE, corner);
    expect([...corner]).toEqual([...pixels.subarray(24, 32)]);
  });

  it('throws on a method it does not implement, naming it', () => {
    const gl = context();
    expect(() => gl.drawArrays!(4, 0, 3)).toThrow(UnsupportedWebGLError);
    expect(() => gl.drawArrays!(4, 0, 3)).toThrow(/gl.drawArrays\(\) is not implemented/);
  });

  it('throws on a constant it does not define, and on unsupported forms of known calls', () => {
    const gl = context();
    expect(() => gl.FLOAT).toThrow(/gl.FLOAT is not defined/);
    expect(() => gl.getParameter!(0x0d33)).toThrow(/getParameter\(0xd33\)/);
    expect(() => gl.pixelStorei!(0x9240, true)).toThrow(UnsupportedWebGLError);
    gl.bindTexture!(gl.TEXTURE_2D, gl.createTexture!());
    expect(() => gl.texImage2D!(gl.TEXTURE_2D, 0, gl.RGBA, 4, 4, 0, gl.RGBA, gl.UNSIGNED_BYTE, null)).toThrow(/9 arguments/);
  });

  it('is only a WebGL2 context', () => {
    const canvas = createInMemoryCanvas();
    expect(canvas.getContext('webgl')).toBeNull();
    expect(canvas.getContext('2d')).toBeNull();
  });
});

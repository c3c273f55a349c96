/**
 * Just enough of a WebGL2 context for MediaPipe's CPU delegate, which only uploads the input
 * frame as a texture and reads it back through a framebuffer. Pixels stay in memory, by
 * reference (MediaPipe reads them back within the same detect call). Any call or constant not
 * implemented here throws UnsupportedWebGLError, so a tasks-vision upgrade that needs more fails
 * loudly instead of computing on garbage.
 */

/** A WebGL call the in-memory context does not implement. */
export class UnsupportedWebGLError extends Error {
  override name = 'UnsupportedWebGLError';
}

const GL = {
  NO_ERROR: 0,
  TEXTURE_2D: 0x0de1,
  UNSIGNED_BYTE: 0x1401,
  RGBA: 0x1908,
  VENDOR: 0x1f00,
  RENDERER: 0x1f01,
  VERSION: 0x1f02,
  MAX_VERTEX_ATTRIBS: 0x8869,
  TEXTURE0: 0x84c0,
  FRAMEBUFFER: 0x8d40,
  COLOR_ATTACHMENT0: 0x8ce0,
  UNPACK_FLIP_Y_WEBGL: 0x9240,
  SYNC_GPU_COMMANDS_COMPLETE: 0x9117,
} as const;

type PixelSource = { data: Uint8Array | Uint8ClampedArray; width: number; height: number };

class Texture {
  width = 0;
  height = 0;
  pixels: Uint8Array | Uint8ClampedArray | null = null;
}

class Framebuffer {
  texture: Texture | null = null;
}

class Sync {}

class InMemoryWebGL2 {
  // Constants MediaPipe's JavaScript reads from the context.
  readonly TEXTURE_2D = GL.TEXTURE_2D;
  readonly RGBA = GL.RGBA;
  readonly UNSIGNED_BYTE = GL.UNSIGNED_BYTE;
  readonly UNPACK_FLIP_Y_WEBGL = GL.UNPACK_FLIP_Y_WEBGL;

  // Fields Emscripten's GL layer keeps on the context (read before they are ever written).
  currentPixelPackBufferBinding: unknown = null;
  currentPixelUnpackBufferBinding: unknown = null;
  currentArrayBufferBinding: unknown = null;
  currentElementArrayBufferBinding: unknown = null;
  currentProgram: unknown = null;
  disjointTimerQueryExt: unknown = null;

  readonly canvas: object;
  private activeUnit = 0;
  private readonly boundTextures = new Map<number, Texture | null>();
  private boundFramebuffer: Framebuffer | null = null;

  constructor(canvas: object) {
    this.canvas = canvas;
  }

  getError(): number {
    return GL.NO_ERROR;
  }

  getExtension(_name: string): null {
    return null;
  }

  getSupportedExtensions(): string[] {
    return [];
  }

  getContextAttributes(): object {
    return { alpha: true, antialias: false, depth: false, stencil: false, premultipliedAlpha: false, preserveDrawingBuffer: false };
  }

  getParameter(name: number): number | string {
    switch (name) {
      case GL.MAX_VERTEX_ATTRIBS:
        return 16;
      case GL.VERSION:
        return 'WebGL 2.0 (dronecast in-memory)';
      case GL.RENDERER:
      case GL.VENDOR:
        return 'dronecast in-memory';
      default:
        throw new UnsupportedWebGLError(`gl.getParameter(0x${name.toString(16)}) is not implemented by the in-memory WebGL2 context`);
    }
  }

  pixelStorei(name: number, value: number | boolean): void {
    // MediaPipe only sets UNPACK_FLIP_Y when its GPU origin is bottom-left; flipping is not implemented.
    if (name === GL.UNPACK_FLIP_Y_WEBGL && !value) return;
    throw new UnsupportedWebGLError(`gl.pixelStorei(0x${name.toString(16)}, ${String(value)}) is not implemented by the in-memory WebGL2 context`);
  }

  activeTexture(unit: number): void {
    this.activeUnit = unit - GL.TEXTURE0;
  }

  createTexture(): Texture {
    return new Texture();
  }

  deleteTexture(_texture: Texture | null): void {}

  bindTexture(target: number, texture: Texture | null): void {
    expect(target === GL.TEXTURE_2D, `gl.bindTexture target 0x${target.toString(16)}`);
    this.boundTextures.set(this.activeUnit, texture);
  }

  /** Sampling parameters mean nothing to a texture that is only copied. */
  texParameteri(_target: number, _name: number, _value: number): void {}

  texImage2D(...args: unknown[]): void {
    const [target, level, internalFormat, format, type, source] = args;
    expect(args.length === 6, `gl.texImage2D with ${args.length} arguments (only the (target, level, format, format, type, image) form)`);
    expect(target === GL.TEXTURE_2D && level === 0, 'gl.texImage2D outside TEXTURE_2D level 0');
    expect(internalFormat === GL.RGBA && format === GL.RGBA && type === GL.UNSIGNED_BYTE, 'gl.texImage2D other than RGBA/UNSIGNED_BYTE');
    const image = source as Partial<PixelSource> | null;
    const valid =
      image !== null &&
      (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray) &&
      typeof image.width === 'number' &&
      typeof image.height === 'number' &&
      image.data.length === image.width * image.height * 4;
    expect(valid, 'gl.texImage2D from anything but {data: RGBA bytes, width, height}');
    const texture = this.boundTexture();
    const { data, width, height } = image as PixelSource;
    texture.pixels = data;
    texture.width = width;
    texture.height = height;
  }

  createFramebuffer(): Framebuffer {
    return new Framebuffer();
  }

  deleteFramebuffer(_framebuffer: Framebuffer | null): void {}

  bindFramebuffer(target: number, framebuffer: Framebuffer | null): void {
    expect(target === GL.FRAMEBUFFER, `gl.bindFramebuffer target 0x${target.toString(16)}`);
    this.boundFramebuffer = framebuffer;
  }

  framebufferTexture2D(target: number, attachment: number, textureTarget: number, texture: Texture | null, level: number): void {
    expect(target === GL.FRAMEBUFFER && attachment === GL.COLOR_ATTACHMENT0, 'gl.framebufferTexture2D other than FRAMEBUFFER/COLOR_ATTACHMENT0');
    expect(textureTarget === GL.TEXTURE_2D && level === 0, 'gl.framebufferTexture2D outside TEXTURE_2D level 0');
    if (!this.boundFramebuffer) throw new UnsupportedWebGLError('gl.framebufferTexture2D on the default framebuffer');
    this.boundFramebuffer.texture = texture;
  }

  readPixels(x: number, y: number, width: number, height: number, format: number, type: number, dst: unknown, dstOffset = 0): void {
    expect(format === GL.RGBA && type === GL.UNSIGNED_BYTE, 'gl.readPixels other than RGBA/UNSIGNED_BYTE');
    expect(dst instanceof Uint8Array, 'gl.readPixels into anything but a Uint8Array');
    const texture = this.boundFramebuffer?.texture;
    if (!texture?.pixels) throw new UnsupportedWebGLError('gl.readPixels without a framebuffer holding an uploaded texture');
    if (x < 0 || y < 0 || x + width > texture.width || y + height > texture.height) {
      throw new UnsupportedWebGLError(`gl.readPixels(${x}, ${y}, ${width}, ${height}) outside the ${texture.width}x${texture.height} texture`);
    }
    const out = dst as Uint8Array;
    const rowBytes = width * 4;
    if (x === 0 && width === texture.width) {
      out.set(texture.pixels.subarray(y * rowBytes, (y + height) * rowBytes), dstOffset);
      return;
    }
    for (let row = 0; row < height; row++) {
      const from = ((y + row) * texture.width + x) * 4;
      out.set(texture.pixels.subarray(from, from + rowBytes), dstOffset + row * rowBytes);
    }
  }

  /** Everything here is synchronous, so every fence is already signalled. */
  fenceSync(condition: number, flags: number): Sync {
    expect(condition === GL.SYNC_GPU_COMMANDS_COMPLETE && flags === 0, 'gl.fenceSync with other arguments');
    return new Sync();
  }

  deleteSync(_sync: Sync | null): void {}

  private boundTexture(): Texture {
    const texture = this.boundTextures.get(this.activeUnit);
    if (!texture) throw new UnsupportedWebGLError('gl.texImage2D without a bound texture');
    return texture;
  }
}

function expect(ok: boolean, what: string): void {
  if (!ok) throw new UnsupportedWebGLError(`${what} is not implemented by the in-memory WebGL2 context`);
}

// Reads that must not be mistaken for a missing WebGL method (promise checks, inspection).
const harmlessProbes = new Set(['then', 'toJSON', 'constructor', 'inspect', 'nodeType']);

/**
 * A canvas whose getContext('webgl2') returns the in-memory context. Reading a member the
 * context lacks gives a function that throws, or throws at once for an UPPER_CASE constant.
 */
export function createInMemoryCanvas(): { width: number; height: number; getContext(type: string): object | null } {
  const canvas = {
    width: 1,
    height: 1,
    getContext: (type: string): object | null => (type === 'webgl2' ? context : null),
  };
  const target = new InMemoryWebGL2(canvas);
  const context: object = new Proxy(target, {
    get(object, key) {
      if (typeof key === 'symbol' || key in object) {
        const value: unknown = Reflect.get(object, key, object);
        return typeof value === 'function' ? value.bind(object) : value;
      }
      if (harmlessProbes.has(key)) return undefined;
      if (/^[A-Z][A-Z0-9_]*$/.test(key)) throw new UnsupportedWebGLError(`gl.${key} is not defined by the in-memory WebGL2 context`);
      return () => {
        throw new UnsupportedWebGLError(`gl.${key}() is not implemented by the in-memory WebGL2 context`);
      };
    },
  });
  return canvas;
}

export type InMemoryCanvas = ReturnType<typeof createInMemoryCanvas>;

import type { Rect } from '../../../shared/geometry/rect.js';
import type { View } from './viewTransform.js';

const VERTEX = `#version 300 es
uniform vec2 uStage;
uniform vec3 uView;
out vec2 vPix;
void main() {
  // One full-stage quad from the vertex id alone: no buffers to bind per frame.
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  vec2 screen = corner * uStage;
  vPix = (screen - uView.yz) / uView.x;
  gl_Position = vec4(corner.x * 2.0 - 1.0, 1.0 - corner.y * 2.0, 0.0, 1.0);
}`;

const FRAGMENT = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
uniform usampler2D uLabels;
uniform sampler2D uPalette;
uniform float uOpacity;
uniform vec4 uCursor;
in vec2 vPix;
out vec4 outColor;
void main() {
  vec4 color = vec4(0.0);
  ivec2 size = textureSize(uLabels, 0);
  ivec2 p = ivec2(floor(vPix));
  if (uOpacity > 0.0 && p.x >= 0 && p.y >= 0 && p.x < size.x && p.y < size.y) {
    // Class ids are fetched, never filtered: zoomed in, every label pixel is a hard square.
    uint id = texelFetch(uLabels, p, 0).r;
    vec4 c = texelFetch(uPalette, ivec2(int(id), 0), 0);
    float a = c.a * uOpacity;
    color = vec4(c.rgb * a, a);
  }
  if (uCursor.z > 0.0) {
    // Brush outline, one screen pixel wide, white inside a dark edge so it shows on any colour.
    float d = (distance(vPix, uCursor.xy) - uCursor.z) * uCursor.w;
    if (d > -1.0 && d < 0.0) color = vec4(1.0);
    else if (d >= 0.0 && d < 1.0) color = vec4(0.0, 0.0, 0.0, 1.0);
  }
  outColor = color;
}`;

export interface MaskDrawState {
  view: View;
  /** 0 hides the mask; the brush outline still shows. */
  opacity: number;
  /** Brush outline in image pixels, or null. */
  cursor: { x: number; y: number; radius: number } | null;
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`Mask shader failed to compile: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

/**
 * The label map as a WebGL2 R8UI texture coloured through a 256-entry palette texture in the
 * fragment shader. Everything that does not change per frame (program, textures, units) is set
 * once, so a brush frame is one texSubImage2D of the dirty rectangle plus one draw, whatever the
 * stroke length. The canvas is transparent: the image layer underneath shows through.
 */
export class MaskRenderer {
  private readonly gl: WebGL2RenderingContext;
  private readonly program: WebGLProgram;
  private labelsTexture: WebGLTexture | null = null;
  private readonly paletteTexture: WebGLTexture;
  private readonly uStage: WebGLUniformLocation;
  private readonly uView: WebGLUniformLocation;
  private readonly uOpacity: WebGLUniformLocation;
  private readonly uCursor: WebGLUniformLocation;
  private stage = { width: 1, height: 1, dpr: 1 };
  private size = { width: 0, height: 0 };

  constructor(private readonly canvas: HTMLCanvasElement) {
    // The buffer is preserved so a brush frame can redraw only the screen rectangle it changed:
    // with software GL (no GPU), shading the whole stage every frame is what costs.
    const gl = canvas.getContext('webgl2', {
      alpha: true,
      premultipliedAlpha: true,
      antialias: false,
      depth: false,
      stencil: false,
      preserveDrawingBuffer: true,
    });
    if (!gl) throw new Error('This browser cannot show masks: WebGL2 is not available.');
    this.gl = gl;
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`Mask shader failed to link: ${gl.getProgramInfoLog(program)}`);
    this.program = program;
    gl.useProgram(program);
    this.uStage = gl.getUniformLocation(program, 'uStage')!;
    this.uView = gl.getUniformLocation(program, 'uView')!;
    this.uOpacity = gl.getUniformLocation(program, 'uOpacity')!;
    this.uCursor = gl.getUniformLocation(program, 'uCursor')!;
    gl.uniform1i(gl.getUniformLocation(program, 'uLabels'), 0);
    gl.uniform1i(gl.getUniformLocation(program, 'uPalette'), 1);
    this.paletteTexture = this.texture(1);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, 256, 1);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.clearColor(0, 0, 0, 0);
    gl.enable(gl.SCISSOR_TEST);
    gl.activeTexture(gl.TEXTURE0);
  }

  /** Bytes the textures hold on the GPU. */
  get gpuBytes(): number {
    return this.size.width * this.size.height + 256 * 4;
  }

  setPalette(rgba: Uint8Array): void {
    const gl = this.gl;
    gl.activeTexture(gl.TEXTURE1);
    // The label uploads leave row length and skips set for the label map; the palette is read from its start.
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, 0);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 256, 1, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
    gl.activeTexture(gl.TEXTURE0);
  }

  /** Allocates the label texture for a new map and uploads all of it. */
  setLabels(labels: Uint8Array, width: number, height: number): void {
    const gl = this.gl;
    const max = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    if (width > max || height > max) throw new Error(`This GPU shows masks up to ${max}×${max}; the image is ${width}×${height}.`);
    if (this.labelsTexture) gl.deleteTexture(this.labelsTexture);
    this.labelsTexture = this.texture(0);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.R8UI, width, height);
    this.size = { width, height };
    this.uploadRect(labels, { x: 0, y: 0, width, height });
  }

  /** Uploads only `rect` of the map, read in place through the unpack row length and skips. */
  uploadRect(labels: Uint8Array, rect: Rect): void {
    const gl = this.gl;
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, this.size.width);
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, rect.x);
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, rect.y);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, rect.x, rect.y, rect.width, rect.height, gl.RED_INTEGER, gl.UNSIGNED_BYTE, labels);
  }

  /** Matches the drawing buffer to the stage's CSS size at the device pixel ratio. */
  resize(width: number, height: number, dpr: number): void {
    this.stage = { width: Math.max(1, width), height: Math.max(1, height), dpr };
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
  }

  /** Draws the whole stage, or only `clip` (stage CSS pixels) when the rest of the buffer is still right. */
  draw(state: MaskDrawState, clip: Rect | null): void {
    const gl = this.gl;
    const { width, height } = this.canvas;
    gl.viewport(0, 0, width, height);
    if (clip) {
      const dpr = this.stage.dpr;
      const x0 = Math.max(0, Math.floor(clip.x * dpr));
      const x1 = Math.min(width, Math.ceil((clip.x + clip.width) * dpr));
      const y0 = Math.max(0, Math.floor(clip.y * dpr));
      const y1 = Math.min(height, Math.ceil((clip.y + clip.height) * dpr));
      gl.scissor(x0, height - Math.max(y0, y1), Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    } else {
      gl.scissor(0, 0, width, height);
    }
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.uniform2f(this.uStage, this.stage.width, this.stage.height);
    gl.uniform3f(this.uView, state.view.scale, state.view.x, state.view.y);
    gl.uniform1f(this.uOpacity, state.opacity);
    const c = state.cursor;
    gl.uniform4f(this.uCursor, c?.x ?? 0, c?.y ?? 0, c ? Math.max(c.radius, 0.5) : 0, state.view.scale);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }

  dispose(): void {
    const gl = this.gl;
    if (this.labelsTexture) gl.deleteTexture(this.labelsTexture);
    gl.deleteTexture(this.paletteTexture);
    gl.deleteProgram(this.program);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  private texture(unit: number): WebGLTexture {
    const gl = this.gl;
    const texture = gl.createTexture();
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    return texture;
  }
}

/**
 * Pinhole camera over a flat street: X to the right, Y up, Z forward (metres); the ground is Y = 0.
 * Roll is applied in the image plane about the image centre, after projection.
 */
export interface CameraParams {
  width: number;
  height: number;
  /** Focal length in pixels. */
  focal: number;
  /** Column of the vanishing point of the street axis. */
  principalX: number;
  /** Row of the horizon before roll. */
  horizonY: number;
  /** Eye height above the ground, metres. */
  eyeHeight: number;
  /** Lateral camera position relative to the road centre, metres. */
  lateral: number;
  rollDegrees: number;
}

export class Camera {
  readonly params: CameraParams;
  private readonly cos: number;
  private readonly sin: number;

  constructor(params: CameraParams) {
    this.params = params;
    const a = (params.rollDegrees * Math.PI) / 180;
    this.cos = Math.cos(a);
    this.sin = Math.sin(a);
  }

  /** Image-plane rotation by the camera roll (about the image centre). */
  roll(x: number, y: number): [number, number] {
    const cx = this.params.width / 2;
    const cy = this.params.height / 2;
    const dx = x - cx;
    const dy = y - cy;
    return [cx + dx * this.cos - dy * this.sin, cy + dx * this.sin + dy * this.cos];
  }

  project(x: number, y: number, z: number): [number, number] {
    const p = this.params;
    return this.roll(p.principalX + (p.focal * (x - p.lateral)) / z, p.horizonY + (p.focal * (p.eyeHeight - y)) / z);
  }

  /** Pixels per metre for something standing at depth z. */
  pixelsPerMetre(z: number): number {
    return this.params.focal / z;
  }

  /** Depth of the ground seen at image row y (unrolled); Infinity at or above the horizon. */
  groundDepthAtRow(y: number): number {
    const below = y - this.params.horizonY;
    return below <= 0 ? Infinity : (this.params.focal * this.params.eyeHeight) / below;
  }
}

/**
 * Photos made from a seed, for tests and benchmarks of image handling: the same seed gives the same
 * pixels on every machine, different seeds give different photos. `portrait` draws what profile
 * photos mostly are (a head and shoulders in front of a background), so distinct portraits resemble
 * each other the way real ones do; `scene` scatters shapes over a gradient. Both carry sensor-like noise.
 */
import sharp from 'sharp';

export type SyntheticPhotoKind = 'portrait' | 'scene';

interface Shape {
  round: boolean;
  x: number;
  y: number;
  rx: number;
  ry: number;
  colour: [number, number, number];
}

/** A small, fast, seeded generator (mulberry32): uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A JPEG (quality 92) of width × height pixels drawn from the seed. */
export async function syntheticPhoto(seed: number, kind: SyntheticPhotoKind = 'portrait', width = 480, height = 600): Promise<Buffer> {
  const random = seededRandom(seed);
  const colour = (): [number, number, number] => [random() * 255, random() * 255, random() * 255];
  const from = colour();
  const to = colour();
  const angle = random() * 2 * Math.PI;
  const shapes: Shape[] = [];
  const scattered = kind === 'portrait' ? 3 : 8;
  for (let i = 0; i < scattered; i++) {
    shapes.push({ round: random() < 0.5, x: random() * width, y: random() * height * (kind === 'portrait' ? 0.6 : 1), rx: 10 + (random() * width) / 6, ry: 10 + (random() * height) / 6, colour: colour() });
  }
  if (kind === 'portrait') {
    const x = width * (0.4 + random() * 0.2);
    const y = height * (0.35 + random() * 0.1);
    const r = width * (0.16 + random() * 0.08);
    shapes.push({ round: true, x, y: height, rx: width * (0.35 + random() * 0.15), ry: height * (0.3 + random() * 0.1), colour: colour() });
    shapes.push({ round: true, x, y, rx: r, ry: r * 1.3, colour: [150 + random() * 90, 100 + random() * 80, 70 + random() * 70] });
    shapes.push({ round: true, x, y: y - r * 0.6, rx: r * 1.05, ry: r * 0.7, colour: [random() * 80, random() * 60, random() * 50] });
  }
  const pixels = Buffer.alloc(width * height * 3);
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let c: readonly number[] | undefined;
      // The last shape drawn wins, as when painting them in order.
      for (let i = shapes.length - 1; i >= 0 && !c; i--) {
        const s = shapes[i];
        const inside = s.round ? ((px - s.x) / s.rx) ** 2 + ((py - s.y) / s.ry) ** 2 <= 1 : Math.abs(px - s.x) <= s.rx && Math.abs(py - s.y) <= s.ry;
        if (inside) c = s.colour;
      }
      const noise = (random() - 0.5) * 40;
      const at = (py * width + px) * 3;
      const t = c ? 0 : Math.min(1, Math.max(0, (px / width - 0.5) * dx + (py / height - 0.5) * dy + 0.5));
      for (let k = 0; k < 3; k++) {
        const value = c ? c[k] : from[k] * (1 - t) + to[k] * t;
        pixels[at + k] = Math.max(0, Math.min(255, Math.round(value + noise)));
      }
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

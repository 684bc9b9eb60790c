/** Test images made with sharp: smooth gradients, so re-encoding changes them only a little. */
import sharp from "sharp";
import type { Area } from "../../src/images/placement.js";

/** A width×height RGB gradient encoded as JPEG (or PNG). */
export async function gradient(
  width: number,
  height: number,
  format: "jpeg" | "png" = "jpeg",
): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = 60 + Math.round((140 * x) / width);
      pixels[at + 1] = 60 + Math.round((140 * y) / height);
      pixels[at + 2] = 160;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format, { quality: 90 })
    .toBuffer();
}

export interface Difference {
  /** The mean absolute channel difference inside the area. */
  inside: number;
  /** The largest mean absolute channel difference of any 8×8 block at least `margin` px outside. */
  farOutside: number;
}

/** How much `after` differs from `before` inside an area and away from it. */
export async function difference(
  before: Buffer,
  after: Buffer,
  area: Area,
  margin: number,
): Promise<Difference> {
  const a = await sharp(before).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const b = await sharp(after).removeAlpha().raw().toBuffer();
  const { width, height } = a.info;
  const diffAt = (x: number, y: number): number => {
    const at = (y * width + x) * 3;
    let sum = 0;
    for (let c = 0; c < 3; c += 1) sum += Math.abs((a.data[at + c] ?? 0) - (b[at + c] ?? 0));
    return sum / 3;
  };
  let inside = 0;
  for (let y = area.top; y < area.top + area.height; y += 1) {
    for (let x = area.left; x < area.left + area.width; x += 1) inside += diffAt(x, y);
  }
  let farOutside = 0;
  for (let by = 0; by + 8 <= height; by += 8) {
    for (let bx = 0; bx + 8 <= width; bx += 8) {
      const near =
        bx + 8 > area.left - margin &&
        bx < area.left + area.width + margin &&
        by + 8 > area.top - margin &&
        by < area.top + area.height + margin;
      if (near) continue;
      let block = 0;
      for (let y = by; y < by + 8; y += 1)
        for (let x = bx; x < bx + 8; x += 1) block += diffAt(x, y);
      farOutside = Math.max(farOutside, block / 64);
    }
  }
  return { inside: inside / (area.width * area.height), farOutside };
}

/**
 * The watermark itself, rendered at the size a given image needs: configured text drawn as SVG
 * (white letters on a translucent dark band, so it stays visible on any photo, and still marks
 * the image on a machine without fonts), or a configured PNG scaled to that size.
 */
import { readFile } from "node:fs/promises";
import { loadSharp } from "./load-sharp.js";
import type { Size } from "./placement.js";

export interface Mark {
  /** Width over height, for scaling the mark to an image. */
  aspect: number;
  /** The mark as a PNG of exactly this size. */
  render(size: Size): Promise<Buffer>;
}

/** SVG user units per em: the band's size is stated in these and scaled to pixels by librsvg. */
const EM = 100;
/** An average glyph's advance in em for a sans-serif face: close enough to size the band. */
const GLYPH_EM = 0.62;
const PADDING_EM = 0.4;
const BAND_HEIGHT_EM = 1.6;

export function textMark(text: string): Mark {
  const width = Math.round((text.length * GLYPH_EM + 2 * PADDING_EM) * EM);
  const height = BAND_HEIGHT_EM * EM;
  const svg = (size: Size): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none">` +
    `<rect width="${width}" height="${height}" rx="${EM / 5}" fill="#000" fill-opacity="0.45"/>` +
    `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" dominant-baseline="central" font-family="sans-serif" font-size="${EM}" fill="#fff" fill-opacity="0.9">${escapeXml(text)}</text>` +
    `</svg>`;
  return {
    aspect: width / height,
    render: async (size) =>
      (await loadSharp())(Buffer.from(svg(size)))
        .png()
        .toBuffer(),
  };
}

/**
 * A PNG file's mark. A missing or wrong file is a configuration problem, not the job's: it is
 * thrown as a retryable error, so the messages wait for the fix instead of being parked.
 */
export async function pngMark(path: string): Promise<Mark> {
  let png: Buffer;
  try {
    png = await readFile(path);
  } catch (error) {
    throw new Error(`Could not read WATERMARK_IMAGE "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  const sharp = await loadSharp();
  const { width, height, format } = await sharp(png).metadata();
  if (format !== "png") {
    throw new Error(`Expected WATERMARK_IMAGE "${path}" to be a PNG, got ${format}`);
  }
  return {
    aspect: width / height,
    render: (size) => sharp(png).resize(size.width, size.height, { fit: "fill" }).png().toBuffer(),
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

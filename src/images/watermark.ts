/**
 * Composites a watermark onto one image read from a stream, with sharp. The encoded input is
 * streamed into sharp (which holds it once, for decoding) and the encoded output is returned as
 * one buffer: one image per job in memory, never the whole object twice. sharp's own cache is off
 * (set in load-sharp.ts), so nothing outlives the job.
 */
import { Transform, type Readable } from "node:stream";
import { PermanentJobError } from "../errors.js";
import { loadSharp, type SharpImage } from "./load-sharp.js";
import type { Mark } from "./mark.js";
import { placeMark, scaleMark, type Area, type Size, type WatermarkPosition } from "./placement.js";

/** The formats read and written; anything else (GIF, TIFF, SVG, HEIF…) is refused as permanent. */
export const WATERMARK_FORMATS = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };
type Format = keyof typeof WATERMARK_FORMATS;

export interface WatermarkOptions {
  mark: Mark;
  /** The mark's width as a percentage of the image's. */
  widthPercent: number;
  position: WatermarkPosition;
  /** Images with more pixels than this are refused as permanent failures. */
  maxPixels: number;
  /** Inputs longer than this are refused as permanent failures, counted as they stream in. */
  maxBytes: number;
}

export interface Watermarked {
  body: Buffer;
  contentType: string;
  /** The output's size (the input's, after EXIF orientation) and where the mark went. */
  size: Size;
  area: Area;
}

export async function watermarkStream(
  input: Readable,
  options: WatermarkOptions,
): Promise<Watermarked> {
  let inputError: Error | undefined;
  let image: SharpImage | undefined = undefined;
  // The input's errors are caught from the start, before sharp is loaded (it may be its first use).
  const counted = input.pipe(byteLimit(options.maxBytes));
  for (const stream of [input, counted]) {
    stream.once("error", (error: Error) => {
      inputError ??= error;
      image?.destroy(error);
    });
  }
  const sharp = await loadSharp();
  image = sharp({
    autoOrient: true,
    limitInputPixels: options.maxPixels,
    // Truncated or corrupt pixel data fails instead of giving a half-grey image.
    failOn: "error",
  });
  if (inputError) image.destroy(inputError);
  counted.pipe(image);
  try {
    const metadata = await image.metadata();
    const format = supportedFormat(metadata.format);
    const size = metadata.autoOrient;
    const markSize = scaleMark(size, options.mark.aspect, options.widthPercent);
    const area = placeMark(size, markSize, options.position);
    const overlay = await options.mark.render(markSize);
    const body = await image
      .composite([{ input: overlay, left: area.left, top: area.top }])
      .toFormat(format)
      .toBuffer();
    return { body, contentType: WATERMARK_FORMATS[format], size, area };
  } catch (error) {
    // A broken download is S3's or the network's failure, worth a retry (the byte limit's error
    // is permanent itself); anything sharp refuses is the image's: the same bytes fail again.
    if (inputError) throw inputError;
    if (error instanceof PermanentJobError) throw error;
    const { message } = error as Error;
    // sharp checks the pixel limit from the header, before decoding anything.
    const rule = message.includes("pixel limit")
      ? ` (over WATERMARK_MAX_PIXELS = ${options.maxPixels})`
      : "";
    throw new PermanentJobError(`Cannot watermark this image${rule}: ${message}`, { cause: error });
  }
}

function supportedFormat(format: string | undefined): Format {
  if (format !== undefined && format in WATERMARK_FORMATS) return format as Format;
  const expected = Object.keys(WATERMARK_FORMATS).join(", ");
  throw new PermanentJobError(`Expected an image in one of ${expected}, got ${format ?? "none"}`);
}

/** Passes bytes through until `maxBytes`, then fails with a permanent error. */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) {
        callback(
          new PermanentJobError(
            `Expected at most ${maxBytes} bytes (WATERMARK_MAX_BYTES), got more than that`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
}

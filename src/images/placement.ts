/**
 * Where the watermark goes: the size it is scaled to and its top-left corner, from the image's
 * size and the configured position. Pure, so tests can name the exact area that must change.
 */

export const WATERMARK_POSITIONS = [
  "southeast",
  "southwest",
  "northeast",
  "northwest",
  "center",
] as const;

export type WatermarkPosition = (typeof WATERMARK_POSITIONS)[number];

export interface Size {
  width: number;
  height: number;
}

export interface Area extends Size {
  left: number;
  top: number;
}

/** The margin between the watermark and the image's edges: 2% of the shorter side. */
const MARGIN_FRACTION = 0.02;

/**
 * The watermark's width as `widthPercent` of the image's width, its height following the mark's
 * own aspect ratio, both shrunk if needed so the mark and its margins fit inside the image.
 */
export function scaleMark(image: Size, markAspect: number, widthPercent: number): Size {
  const margin = marginOf(image);
  const maxWidth = Math.max(1, image.width - 2 * margin);
  const maxHeight = Math.max(1, image.height - 2 * margin);
  let width = Math.min(maxWidth, Math.round((image.width * widthPercent) / 100));
  let height = Math.round(width / markAspect);
  if (height > maxHeight) {
    height = maxHeight;
    width = Math.round(height * markAspect);
  }
  return { width: Math.max(1, width), height: Math.max(1, height) };
}

/** The mark's area inside the image for a position, `margin` pixels in from the edges it touches. */
export function placeMark(image: Size, mark: Size, position: WatermarkPosition): Area {
  const margin = marginOf(image);
  const right = image.width - mark.width - margin;
  const bottom = image.height - mark.height - margin;
  const corner = {
    southeast: { left: right, top: bottom },
    southwest: { left: margin, top: bottom },
    northeast: { left: right, top: margin },
    northwest: { left: margin, top: margin },
    center: {
      left: Math.round((image.width - mark.width) / 2),
      top: Math.round((image.height - mark.height) / 2),
    },
  }[position];
  return {
    left: Math.max(0, corner.left),
    top: Math.max(0, corner.top),
    width: mark.width,
    height: mark.height,
  };
}

function marginOf(image: Size): number {
  return Math.round(Math.min(image.width, image.height) * MARGIN_FRACTION);
}

/**
 * sharp is loaded by the first image job, not at start-up: with libvips it is about 28 MB of the
 * worker's resident memory, which a deployment that never watermarks should not pay for
 * (docs/performance.md, "Memory"). Its process-wide settings are made once, here: one libvips
 * thread per image (image-slots.ts bounds the images at once) and no operation cache, which would
 * keep images after their job.
 */
import type SharpModule from "sharp";

export type Sharp = typeof SharpModule;
export type SharpImage = ReturnType<Sharp>;

let loading: Promise<Sharp> | undefined;

export function loadSharp(): Promise<Sharp> {
  loading ??= import("sharp").then(({ default: sharp }) => {
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
  return loading;
}

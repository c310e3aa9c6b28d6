// Canvas helpers: backing stores sized for devicePixelRatio, so lines and
// text stay sharp on any screen.

/**
 * Sizes a canvas's backing store to its CSS box times devicePixelRatio and
 * returns a context that draws in CSS pixels.
 */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, canvas.clientWidth);
  const height = Math.max(1, canvas.clientHeight);
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/** The page's number formatter lives in format.js; re-exported for the renderers that draw text. */
export { formatNumber } from "./format.js";

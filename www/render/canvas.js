// Canvas helpers: backing stores sized for devicePixelRatio, so lines and
// text stay sharp on any screen.

/**
 * Each canvas's CSS size, kept by a ResizeObserver: reading clientWidth in a
 * frame that has restyled the diagram would force a layout every frame.
 */
const sizes = new WeakMap();
// Made on first use: the module is also imported where there is no DOM (unit tests of view.js).
let observer = null;

/**
 * Sizes a canvas's backing store to its CSS box times devicePixelRatio and
 * returns a context that draws in CSS pixels.
 */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  if (!sizes.has(canvas)) {
    observer ??= new ResizeObserver((entries) => {
      for (const e of entries) sizes.set(e.target, { width: e.contentRect.width, height: e.contentRect.height });
    });
    sizes.set(canvas, { width: canvas.clientWidth, height: canvas.clientHeight });
    observer.observe(canvas);
  }
  const size = sizes.get(canvas);
  const width = Math.max(1, size.width);
  const height = Math.max(1, size.height);
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

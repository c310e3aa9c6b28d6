// The page's colours. One diverging palette (orange negative, light grey
// zero, blue positive: safe for the common colour-vision deficiencies) and
// one qualitative palette for classes (Okabe–Ito).

export const NEGATIVE = [224, 128, 28];
export const ZERO = [233, 235, 238];
export const POSITIVE = [31, 111, 184];

/** Class colours: for two classes the palette's ends, then Okabe–Ito. */
export const CLASS_COLORS = [NEGATIVE, POSITIVE, [0, 158, 115], [204, 121, 167], [86, 180, 233]];
/** Each class colour's name, as the page says it. */
export const CLASS_COLOR_NAMES = ["orange", "blue", "green", "purple", "sky blue"];

const LUT_SIZE = 256;

function mix(a, b, t) {
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * t));
}

/** The diverging palette as 256 RGB entries for values −1 … 1. */
export const DIVERGING = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i += 1) {
    const v = (i / (LUT_SIZE - 1)) * 2 - 1;
    // A slight ease keeps small values visible without washing out large ones.
    const t = Math.abs(v) ** 0.8;
    const rgb = v < 0 ? mix(ZERO, NEGATIVE, t) : mix(ZERO, POSITIVE, t);
    lut.set(rgb, i * 3);
  }
  return lut;
})();

/** The same palette packed as RGBA words (little-endian), one store per pixel. */
export const DIVERGING32 = (() => {
  const packed = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i += 1) {
    packed[i] = (255 << 24) | (DIVERGING[i * 3 + 2] << 16) | (DIVERGING[i * 3 + 1] << 8) | DIVERGING[i * 3];
  }
  return packed;
})();

/** The palette index of a value scaled to −1 … 1 (clamped; NaN is grey). */
export function divergingIndex(v) {
  if (Number.isNaN(v)) return (LUT_SIZE - 1) >> 1;
  const clamped = v < -1 ? -1 : v > 1 ? 1 : v;
  return Math.round(((clamped + 1) / 2) * (LUT_SIZE - 1));
}

/** A CSS colour for a value scaled to −1 … 1. */
export function divergingCss(v, alpha = 1) {
  const i = divergingIndex(v) * 3;
  return `rgba(${DIVERGING[i]}, ${DIVERGING[i + 1]}, ${DIVERGING[i + 2]}, ${alpha})`;
}

/** A CSS colour for a class. */
export function classCss(k, alpha = 1) {
  const [r, g, b] = CLASS_COLORS[k % CLASS_COLORS.length];
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Text colour that reads on a background of this class colour. */
export function classMix(k, t) {
  return mix([255, 255, 255], CLASS_COLORS[k % CLASS_COLORS.length], t);
}

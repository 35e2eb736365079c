/**
 * The few SVG pieces the charts are drawn with. Every text goes through `esc`, so a chart's markup is safe to put
 * in a page as it is (the `svg` view helper does). Each chart is an `<svg role="img">` with a `<title>` and `<desc>`
 * (its text alternative), and the page shows its data as a table beside it.
 */
export const esc = (s: string | number) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A chart's markup, already escaped. */
export interface Svg {
  readonly svg: string;
}

export function svgDocument(o: {
  id: string;
  width: number;
  height: number;
  title: string;
  desc: string;
  body: string;
}): Svg {
  return {
    svg:
      `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${o.width} ${o.height}" width="100%" ` +
      `style="max-width:${o.width}px" aria-labelledby="${o.id}-t ${o.id}-d" id="${o.id}">` +
      `<title id="${o.id}-t">${esc(o.title)}</title><desc id="${o.id}-d">${esc(o.desc)}</desc>` +
      // Patterns, so a state reads without its colour (and in print).
      '<defs>' +
      '<pattern id="p-late" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#f2c46d"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6b4500" stroke-width="2"/></pattern>' +
      '<pattern id="p-missing" width="6" height="6" patternUnits="userSpaceOnUse">' +
      '<rect width="6" height="6" fill="#f4b4b4"/><circle cx="3" cy="3" r="1.3" fill="#7a0f0f"/></pattern>' +
      '<pattern id="p-excused" width="6" height="6" patternUnits="userSpaceOnUse">' +
      '<rect width="6" height="6" fill="#e6e6e6"/><line x1="0" y1="3" x2="6" y2="3" stroke="#555" stroke-width="1"/></pattern>' +
      '</defs>' +
      `${o.body}</svg>`,
  };
}

export const text = (
  x: number,
  y: number,
  s: string,
  o: { anchor?: 'start' | 'middle' | 'end'; size?: number; bold?: boolean } = {},
) =>
  `<text x="${x}" y="${y}" font-size="${o.size ?? 12}" text-anchor="${o.anchor ?? 'start'}"${o.bold ? ' font-weight="bold"' : ''} font-family="sans-serif" fill="#1a1a1a">${esc(s)}</text>`;

export const rect = (x: number, y: number, w: number, h: number, fill: string, extra = '') =>
  `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}"${extra}/>`;

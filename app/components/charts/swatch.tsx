/** The series' colours, the same in every chart, and a legend swatch of one. */
export const CHART_COLOURS = ["#1f6f5c", "#b5522b", "#3b5ba5", "#8a6d00", "#7a3b8f", "#2f7f9f", "#9c2f4f", "#4f6f2f"];

/** A swatch that prints without background graphics: an SVG square, not a CSS background. */
export function Swatch({ index }: { index: number }) {
  return (
    <svg className="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect width="14" height="14" rx="2" fill={CHART_COLOURS[index % CHART_COLOURS.length]} />
    </svg>
  );
}

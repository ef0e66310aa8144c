import type { ReactNode } from "react";

/**
 * The text alternative of a chart over the years: a column a year, a row a line (with its name in
 * a first column under `rowHeading`, when the chart has several).
 */
export function YearsTable({
  caption,
  captionHidden,
  compact,
  years,
  rowHeading,
  rows,
}: {
  caption: string;
  captionHidden?: boolean;
  compact?: boolean;
  years: number[];
  rowHeading?: string;
  rows: Array<{ name: string | null; cells: ReactNode[] }>;
}) {
  return (
    <table className={compact ? "data-table compact" : "data-table"}>
      <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
      <thead>
        <tr>
          {rowHeading !== undefined ? <th scope="col">{rowHeading}</th> : null}
          {years.map((y) => (
            <th key={y} scope="col">
              {y}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={row.name ?? r}>
            {row.name !== null ? <th scope="row">{row.name}</th> : null}
            {row.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

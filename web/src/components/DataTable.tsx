import type { ReactNode } from 'react';

interface Props {
  /** The column headers (`<th scope="col">`), one row of them. */
  head: ReactNode;
  /** The body rows. */
  children: ReactNode;
  caption?: ReactNode;
  /** Rows under the body: totals. */
  foot?: ReactNode;
  /** More classes of the table beside `data`. */
  className?: string;
  /** Kept to its content's width instead of the card's. */
  narrow?: boolean;
}

/** A table as every screen shows one: it scrolls sideways inside its card at 1366×768 instead of the page. */
export function DataTable({ head, children, caption, foot, className, narrow }: Props) {
  return (
    <div className={narrow ? 'table-wrap narrow' : 'table-wrap'}>
      <table className={className ? `data ${className}` : 'data'}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}

/** A column header of numbers: right-aligned like the cells under it. */
export function NumHeading({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="num">
      {children}
    </th>
  );
}

/** The three amount columns every bill table shows: 調定額, 消込済額, 未納額, then 状態. */
export function BillAmountHeadings() {
  return (
    <>
      <NumHeading>調定額</NumHeading>
      <NumHeading>消込済額</NumHeading>
      <NumHeading>未納額</NumHeading>
      <th scope="col">状態</th>
    </>
  );
}

/** A file's line counts, as every import table shows them: 件数, 取込 (accepted), 不正 (rejected). */
export function LineCountHeadings() {
  return (
    <>
      <NumHeading>件数</NumHeading>
      <NumHeading>取込</NumHeading>
      <NumHeading>不正</NumHeading>
    </>
  );
}

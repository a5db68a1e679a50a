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

/** The three amount columns every bill table shows: 調定額, 消込済額, 未納額, then 状態. */
export function BillAmountHeadings() {
  return (
    <>
      <th scope="col" className="num">
        調定額
      </th>
      <th scope="col" className="num">
        消込済額
      </th>
      <th scope="col" className="num">
        未納額
      </th>
      <th scope="col">状態</th>
    </>
  );
}

import type { ComponentChildren } from 'preact';

/**
 * A table of rows under column headers, with its caption for screen readers. A column that is
 * null or false is left out (a column only some readers see); `action` adds a last column without
 * a visible header, for a row's button or link.
 */
export function Table(props: {
  caption?: string;
  columns: Array<string | null | false>;
  action?: string;
  children: ComponentChildren;
}) {
  return (
    <table>
      {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((column) =>
            column ? (
              <th key={column} scope="col">
                {column}
              </th>
            ) : null,
          )}
          {props.action ? (
            <th scope="col">
              <span class="visually-hidden">{props.action}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

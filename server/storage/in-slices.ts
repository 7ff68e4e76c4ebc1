/**
 * SQLite refuses a statement with more than 32,766 bound values (PostgreSQL 65,535), and a poke to tens of
 * thousands of sockets puts one value per socket into an `in` list. Long lists are read in slices of this
 * size, each its own statement; the rows come back in slice order.
 */
export const IN_LIST_SLICE = 500;

export async function readInSlices<T, R>(values: readonly T[], read: (slice: readonly T[]) => Promise<readonly R[]>, size = IN_LIST_SLICE): Promise<R[]> {
  const rows: R[] = [];
  for (let start = 0; start < values.length; start += size) rows.push(...(await read(values.slice(start, start + size))));
  return rows;
}

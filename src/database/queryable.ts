/**
 * What a repository runs its SQL on: the pool (`Database.dataSource`) for a read of its own, or the
 * transaction's runner (`Database.transaction`) when the statement belongs to a unit of work.
 */
export interface Queryable {
  // Rows come back untyped from pg: each repository method names their type.
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

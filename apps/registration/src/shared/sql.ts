/** A DataSource or a transaction's EntityManager: both can run the read models' queries. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

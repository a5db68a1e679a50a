/** Builds a WHERE clause from optional filters with numbered parameters, never string-pasting values. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** `sql` uses `?` for the one parameter, e.g. `p.channel = ?`. Skipped when value is undefined. */
  add(sql: string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.clauses.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  /** A clause whose values were bound with `param()`. */
  clause(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

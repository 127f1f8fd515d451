/** Quote an identifier for DuckDB SQL: "name" with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for DuckDB SQL: 'text' with embedded quotes doubled. */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('a NUL character cannot appear in a SQL literal');
  return `'${text.replaceAll("'", "''")}'`;
}

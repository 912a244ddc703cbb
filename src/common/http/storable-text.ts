/**
 * Text every supported database stores as it is: valid Unicode (no lone surrogate), and no
 * U+0000, which PostgreSQL's text types refuse while SQLite keeps it.
 */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

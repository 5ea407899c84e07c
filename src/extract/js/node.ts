/**
 * The subset of the Babel AST shape the JS walker reads. Babel's own nodes satisfy it directly;
 * the TypeScript fallback converts to it (unknown constructs become `Other` with their children).
 */
export interface Node {
  type: string;
  loc?: { start: { line: number } } | null;
  start?: number | null;
  end?: number | null;
  [key: string]: unknown;
}

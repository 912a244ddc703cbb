/** A figure a test measured, printed for the person reading the run (not asserted on). */
export function reportFigure(line: string): void {
  // eslint-disable-next-line no-console -- the one place tests print, on purpose
  console.info(line);
}

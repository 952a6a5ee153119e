// Atomic warehouse updates: a run works on a copy of the warehouse file next to it, and the copy replaces the
// original only when the run succeeded (pipeline/schedule/execute.ts), so a failing or killed run leaves the last
// good warehouse untouched.

export function stagedPath(file: string): string {
  return `${file}.next`;
}

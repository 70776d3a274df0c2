/**
 * Runs a CLI's main function: its resolved number is the exit code; a rejection prints one line
 * (prefixed with the tool's name when given) and exits 1, never a stack trace.
 */
export function runCli(main: () => Promise<number>, name?: string): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(name ? `${name}: ${message}` : message);
      process.exitCode = 1;
    },
  );
}

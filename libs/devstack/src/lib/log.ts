/** Where the local stack reports progress: one line per event. */
export type Log = (line: string) => void;

/** Prints progress to stderr (stdout stays free for a command's own output). */
export const consoleLog: Log = (line) => process.stderr.write(`[morphsweep] ${line}\n`);

/** Discards progress (tests that only care about the result). */
export const silentLog: Log = () => undefined;

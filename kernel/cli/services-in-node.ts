/**
 * @jupyterlab/services, used from a command line rather than a browser: imported first by every CLI that
 * talks to kernels.
 * - It logs every WebSocket it opens with console.debug, and warns "Connection lost, reconnecting" on every
 *   kernel restart: keep reports readable.
 * - When a kernel is restarted while a request of its own is pending (Jupyter auto-restarting a kernel that
 *   called `process.exit`), it cancels that request and nobody is waiting for it: Node would end the whole
 *   process on that unhandled rejection. Only that one is let go; any other still ends the process.
 */
console.debug = () => undefined;
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).startsWith("Connection lost, reconnecting")) warn(...args);
};

process.on("unhandledRejection", (reason) => {
  if (reason instanceof Error && /^Canceled future for \w+ message before replies were done$/.test(reason.message)) return;
  throw reason;
});

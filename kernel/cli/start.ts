/**
 * npm start [-- --port N]
 * Serves the course in JupyterLab on 127.0.0.1 (token authentication), opened on notebooks/, and prints
 * the address to open. Ctrl-C shuts every kernel and the server down.
 */
import { parseArgs } from "node:util";
import { startJupyter } from "../server";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8888" } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`start: --port must be a port number between 1 and 65535, got "${values.port}".`);
    process.exit(2);
  }
  console.log("Starting JupyterLab…");
  const started = Date.now();
  const server = await startJupyter({ app: "lab", port });
  const address = `${server.url}lab/tree/notebooks?token=${server.token}`;
  if (!server.url.includes(`:${port}/`)) console.log(`Port ${port} is taken: using ${new URL(server.url).port} instead.`);
  console.log(`JupyterLab is ready (${((Date.now() - started) / 1000).toFixed(1)} s). Open this address in your browser:\n\n    ${address}\n`);
  console.log("Press Ctrl-C to stop it.");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping JupyterLab and its kernels…");
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`start: ${error.message}`);
  process.exit(1);
});

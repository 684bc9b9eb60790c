/**
 * Checks that the app's port is free before the app is started. Without it, an app that cannot
 * listen crash-loops with EADDRINUSE while whatever holds the port (another `npm run local`'s
 * app) answers the health checks in its place.
 */
import { createServer } from "node:net";

/** `what`: "the app"; `hint`: how to choose another port. */
export async function assertPortFree(
  port: number,
  host: string,
  what: string,
  hint: string,
): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Expected port ${port} to be free for ${what}, got it in use (${hint})`, {
              cause: error,
            })
          : error,
      );
    });
    server.listen(port, host, () => {
      server.close(() => {
        resolve();
      });
    });
  });
}

import net from 'node:net';
import type http from 'node:http';

export interface DrainOptions {
  /** Time left to connections the server accepted just before it stopped listening to deliver their request. */
  settleMs?: number;
  /** Longest wait for requests in flight; the caller closes the application after it in any case. */
  deadlineMs?: number;
}

export interface GracefulHttpStop {
  readonly inFlight: number;
  /** Resolves once no request is running (or at the deadline) with how many were still running. */
  drain(options?: DrainOptions): Promise<{ unfinished: number }>;
}

/**
 * First half of a graceful stop (PM2 reload, deploy), to be set up before the server listens.
 *
 * Nest's `app.close()` runs the modules' destroy hooks (database pools, Prisma) before it closes the
 * HTTP server, so a request still running at that moment fails. And under PM2 cluster mode the
 * primary keeps handing connections to an instance until it has heard that the instance stopped
 * listening: the instance must stay alive a little to hand them back. drain() therefore stops
 * listening (net.Server's close, which leaves open connections alone), asks every client to close its
 * connection after its response (keep-alive connections from nginx), waits `settleMs`, then until no
 * request is running, ending idle connections as they appear; only then may the caller close the app.
 */
export function prepareGracefulHttpStop(server: http.Server): GracefulHttpStop {
  const running = new Set<http.ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | undefined;

  const askToClose = (response: http.ServerResponse) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  // Before the application's own listener, so that the header can still be set on a response written at once.
  server.prependListener('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    running.add(response);
    if (draining) askToClose(response);
    response.once('close', () => {
      running.delete(response);
      if (running.size === 0) onIdle?.();
    });
  });

  return {
    get inFlight() {
      return running.size;
    },
    async drain({ settleMs = 1_000, deadlineMs = 10_000 }: DrainOptions = {}) {
      draining = true;
      running.forEach(askToClose);
      const deadline = Date.now() + Math.max(deadlineMs, settleMs);
      if (server.keepAliveTimeout === 0 || server.keepAliveTimeout > settleMs) server.keepAliveTimeout = settleMs;
      if (server.listening) net.Server.prototype.close.call(server);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      server.closeIdleConnections();
      while (running.size > 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(250, deadline - Date.now()));
          onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        onIdle = undefined;
        server.closeIdleConnections();
      }
      return { unfinished: running.size };
    },
  };
}

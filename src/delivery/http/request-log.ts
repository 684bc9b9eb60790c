/**
 * pino-http's request log, trimmed to what a worker's operator reads: method, path, sqsd's
 * message id and receive count, status and time. The default serializers log every header of
 * every request (helmet's response headers alone are ~600 bytes), which buries the job lines.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "../../logger.js";
import { SQSD_HEADER } from "../../protocol/headers.js";

const MESSAGE_ID = SQSD_HEADER.messageId.toLowerCase();
const RECEIVE_COUNT = SQSD_HEADER.receiveCount.toLowerCase();

export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    // Handlers' child loggers carry only the request id, not the whole request.
    quietReqLogger: true,
    customLogLevel: (_req, res) => (res.statusCode >= 500 ? "warn" : "info"),
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        messageId: req.headers[MESSAGE_ID],
        receiveCount: req.headers[RECEIVE_COUNT],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}

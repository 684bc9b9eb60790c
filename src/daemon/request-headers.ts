/**
 * The order of the headers of a POST, as in the sqsd 3.0.4 capture (docs/protocol.md §1.3):
 *
 *   Host, [Connection, X-Real-IP, X-Forwarded-For: added by nginx], Content-Length, Content-Type,
 *   User-Agent, X-Aws-Sqsd-* (formatted by src/protocol/headers.ts), Accept-Encoding
 *
 * Behind nginx the app sees `Connection: upgrade` (EB's `proxy_set_header Connection
 * $connection_upgrade`); straight from sqsd it sees Node's own `Connection: keep-alive`, last.
 */
export interface RequestHeaderParts {
  host: string;
  /** nginx's proxy headers, in nginx's order; none without the emulation. */
  proxy: Readonly<Record<string, string>>;
  contentType: string;
  userAgent: string;
}

export type BuildRequestHeaders = (
  sqsdHeaders: Readonly<Record<string, string>>,
  contentLength: number,
) => Record<string, string | number>;

export function requestHeaderBuilder(parts: RequestHeaderParts): BuildRequestHeaders {
  return (sqsdHeaders, contentLength) => ({
    Host: parts.host,
    ...parts.proxy,
    "Content-Length": contentLength,
    "Content-Type": parts.contentType,
    "User-Agent": parts.userAgent,
    ...sqsdHeaders,
    "Accept-Encoding": "gzip, compressed",
  });
}

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

/**
 * `[name, value, name, value, …]` in the order sent. An array, not an object: Node's
 * `http.request` writes an array of headers as it is, where an object's headers each go through
 * `setHeader` (validated, lower-cased and stored one by one) on every POST. Given an array, Node
 * adds no Host of its own, so Host is always in it.
 */
export type RequestHeaderList = string[];

export type BuildRequestHeaders = (
  sqsdHeaders: Readonly<Record<string, string>>,
  contentLength: number,
) => RequestHeaderList;

export function requestHeaderBuilder(parts: RequestHeaderParts): BuildRequestHeaders {
  // Everything before the content length is the same on every POST: flattened once.
  const head = ["Host", parts.host];
  for (const name in parts.proxy) head.push(name, parts.proxy[name] ?? "");
  return (sqsdHeaders, contentLength) => {
    const list = head.slice();
    list.push(
      "Content-Length",
      String(contentLength),
      "Content-Type",
      parts.contentType,
      "User-Agent",
      parts.userAgent,
    );
    for (const name in sqsdHeaders) list.push(name, sqsdHeaders[name] ?? "");
    list.push("Accept-Encoding", "gzip, compressed");
    return list;
  };
}

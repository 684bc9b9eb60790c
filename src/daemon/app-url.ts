/** Reads `--app-url`: where the daemon POSTs. sqsd talks plain HTTP to one host and port. */
export interface AppAddress {
  host: string;
  port: number;
}

/** Returns the address, or the problem as "expected X, got Y". */
export function parseAppUrl(text: string): AppAddress | string {
  if (!URL.canParse(text))
    return `expected an http URL such as http://127.0.0.1:8080, got "${text}"`;
  const url = new URL(text);
  if (url.protocol !== "http:")
    return `expected an http:// URL (sqsd does not speak TLS), got "${text}"`;
  if (url.pathname !== "/" || url.search !== "") {
    return `expected no path (the path is HttpPath, or a task's url), got "${text}"`;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port: url.port === "" ? 80 : Number(url.port) };
}

/**
 * A feed's items in one shape, whatever the format: RSS 2.0, Atom, RDF (RSS 1.0) and JSON Feed,
 * parsed by feedsmith (maintained, typed, one API for the four). Each item needs an id that stays
 * the same across fetches: the format's own (guid, id, rdf:about), else its link.
 */
import type { parseFeed } from "feedsmith";

/** feedsmith is loaded by the first feed, not at start-up: about 5 MB of the worker's memory. */
let feedsmith: Promise<typeof import("feedsmith")> | undefined;

export interface FeedItem {
  id: string;
  title: string | undefined;
  link: string | undefined;
  published: string | undefined;
  summary: string | undefined;
}

export interface ParsedFeed {
  format: string;
  title: string | undefined;
  items: FeedItem[];
}

/** Throws feedsmith's error for a body that is no feed; the caller decides what that means. */
export async function readFeed(body: string): Promise<ParsedFeed> {
  feedsmith ??= import("feedsmith");
  const parsed = (await feedsmith).parseFeed(body);
  const candidates = itemsOf(parsed);
  return {
    format: parsed.format,
    title: titleOf(parsed.feed.title),
    items: candidates.filter((item): item is FeedItem => item.id !== undefined),
  };
}

type Candidate = Omit<FeedItem, "id"> & { id: string | undefined };

/** feedsmith's result, with dates left as the feed's own text. */
type Parsed = ReturnType<typeof parseFeed<string>>;

function itemsOf(parsed: Parsed): Candidate[] {
  switch (parsed.format) {
    case "rss":
      return (parsed.feed.items ?? []).map((item) => ({
        id: item.guid?.value ?? item.link,
        title: item.title,
        link: item.link,
        published: item.pubDate,
        summary: item.description,
      }));
    case "atom":
      return (parsed.feed.entries ?? []).map((entry) => ({
        id: entry.id,
        title: titleOf(entry.title),
        link: entry.links?.[0]?.href,
        published: entry.published ?? entry.updated,
        summary: titleOf(entry.summary),
      }));
    case "rdf":
      return (parsed.feed.items ?? []).map((item) => ({
        id: item.rdf?.about ?? item.link,
        title: item.title,
        link: item.link,
        published: undefined,
        summary: item.description,
      }));
    case "json":
      return (parsed.feed.items ?? []).map((item) => ({
        id: item.id,
        title: item.title,
        link: item.url,
        published: item.date_published,
        summary: item.summary ?? item.content_text,
      }));
  }
}

/** Atom's text constructs are `{value}`; the other formats' are strings. */
function titleOf(text: string | { value?: string } | undefined): string | undefined {
  return typeof text === "string" ? text : text?.value;
}

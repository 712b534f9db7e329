// Helpers shared by the demo server's tests: a fixed clock, authenticated requests and paging.
import type { DemoServer } from './index'

/** The instant every test server's history ends at (a Thursday noon UTC). */
export const fixedNow = Date.parse('2026-11-26T12:00:00.000Z')

/** A parsed JSON response with the headers tests look at. */
export type JsonResponse = { status: number; headers: Headers; body: unknown; text: string }

/** GETs `pathAndQuery` with the full key (or the given headers) and parses the JSON body. */
export async function getJson(
  server: DemoServer,
  pathAndQuery: string,
  init: { headers?: Record<string, string>; method?: string } = {},
): Promise<JsonResponse> {
  const response = await fetch(`${server.url}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? { authorization: `Bearer ${server.keys.full}` },
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as unknown,
    text,
  }
}

/** A stream page as the contract shapes it. */
export type Page = {
  data: ({ id: string; seq: number; recorded_at: string; occurred_at: string } & Record<
    string,
    unknown
  >)[]
  next_cursor: string
  has_more: boolean
  oldest_available_at: string
}

/** Fetches one stream page; fails the test on anything but 200. */
export async function getPage(server: DemoServer, stream: string, query: string): Promise<Page> {
  const response = await getJson(server, `/v1/${stream}?${query}`)
  if (response.status !== 200)
    throw new Error(`GET ${stream}?${query} answered ${response.status}: ${response.text}`)
  return response.body as Page // the status-200 body of a stream endpoint is a page
}

/** Pages through a whole stream with `limit`, returning every event in delivery order. */
export async function pageAll(
  server: DemoServer,
  stream: string,
  limit: number,
  first = '',
): Promise<Page['data']> {
  const events: Page['data'] = []
  let page = await getPage(server, stream, `limit=${limit}${first}`)
  events.push(...page.data)
  while (page.has_more) {
    page = await getPage(
      server,
      stream,
      `limit=${limit}&cursor=${encodeURIComponent(page.next_cursor)}`,
    )
    events.push(...page.data)
  }
  return events
}

/** A FetchLike answering every request with `answer(body, url)` and HTTP 200. */
export function fakeFetch(
  answer: (body: Buffer, url: string) => Buffer | Promise<Buffer>,
  contentType = 'application/timestamp-reply',
) {
  return async (url: string, init: { body?: Uint8Array }) =>
    new Response(new Uint8Array(await answer(Buffer.from(init.body ?? []), url)), {
      status: 200,
      headers: { 'content-type': contentType },
    });
}

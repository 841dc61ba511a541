// An injected fetch for unit tests of market-list readers: answers from a function and records
// each request (url, method, body). Integration tests use the simulators' real HTTP servers.

export interface StubbedRequest { url: string; method: string; body: string }

export function fetchStub(answer: (req: StubbedRequest) => Response | Promise<Response>) {
  const requests: StubbedRequest[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = { url: String(input), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : '' };
    requests.push(req);
    return answer(req);
  }) as typeof fetch;
  return { fetch: fn, requests };
}

export const json = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });

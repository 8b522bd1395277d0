import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { ComplianceClient, pbcListSearchParams } from './ComplianceClient';
import { paymentDetail } from '../__testUtils__/fixtures';

// msw's hooks written out: importing @backstage/frontend-test-utils for them costs ~5 s per run.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'http://backend.test/api/compliance-dashboard';

function client(token = 'user-token') {
  return new ComplianceClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as object),
            Authorization: `Bearer ${token}`,
          },
        }),
    },
  });
}

describe('pbcListSearchParams', () => {
  it('repeats list filters, drops empty values and can leave out paging', () => {
    const query = {
      owner: ['group:default/a', 'group:default/b'],
      severity: ['critical' as const],
      family: [],
      search: '',
      sort: 'score' as const,
      order: 'asc' as const,
      offset: 50,
      limit: 25,
    };
    expect(pbcListSearchParams(query).toString()).toBe(
      'owner=group%3Adefault%2Fa&owner=group%3Adefault%2Fb&severity=critical&sort=score&order=asc&offset=50&limit=25',
    );
    expect(pbcListSearchParams(query, { paging: false }).toString()).toBe(
      'owner=group%3Adefault%2Fa&owner=group%3Adefault%2Fb&severity=critical&sort=score&order=asc',
    );
  });
});

describe('ComplianceClient', () => {
  it('reads a PBC with the user token, escaping the path', async () => {
    let seen: { url?: string; auth?: string | null } = {};
    server.use(
      http.get(`${BASE}/pbcs/:namespace/:name`, ({ request }) => {
        seen = { url: request.url, auth: request.headers.get('authorization') };
        return HttpResponse.json(paymentDetail);
      }),
    );
    const detail = await client().getPbc({
      namespace: 'default',
      name: 'pay ment',
    });
    expect(detail.summary.entityRef).toBe('component:default/payment');
    expect(seen.url).toBe(`${BASE}/pbcs/default/pay%20ment`);
    await client().getPbc({
      kind: 'Component',
      namespace: 'default',
      name: 'payment',
    });
    expect(seen.url).toBe(`${BASE}/pbcs/default/payment?kind=component`);
    expect(seen.auth).toBe('Bearer user-token');
  });

  it('rejects with a ResponseError that carries the status', async () => {
    server.use(
      http.get(`${BASE}/teams/:namespace/:name`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'no' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client()
      .getTeam({ namespace: 'default', name: 'payments-team' })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
  });

  it('starts a refresh and follows its status path or its id', async () => {
    const polled: string[] = [];
    server.use(
      http.post(`${BASE}/refresh`, () =>
        HttpResponse.json(
          { id: 'r-1', state: 'queued', statusPath: '/refresh/r-1' },
          { status: 202 },
        ),
      ),
      http.get(`${BASE}/refresh/:id`, ({ request }) => {
        polled.push(new URL(request.url).pathname);
        return HttpResponse.json({ id: 'r-1', state: 'running', accounts: [] });
      }),
    );
    const accepted = await client().startRefresh();
    expect(accepted.statusPath).toBe('/refresh/r-1');
    await client().getRefresh(accepted.statusPath);
    await client().getRefresh('r-1');
    expect(polled).toEqual([
      '/api/compliance-dashboard/refresh/r-1',
      '/api/compliance-dashboard/refresh/r-1',
    ]);
  });

  it('downloads the CSV export without paging', async () => {
    let url = '';
    server.use(
      http.get(`${BASE}/export.csv`, ({ request }) => {
        url = request.url;
        return new HttpResponse('entityRef\ncomponent:default/payment', {
          headers: { 'Content-Type': 'text/csv' },
        });
      }),
    );
    const blob = await client().exportCsv({
      search: 'pay',
      offset: 25,
      limit: 25,
    });
    expect(await blob.text()).toBe('entityRef\ncomponent:default/payment');
    expect(url).toBe(`${BASE}/export.csv?search=pay`);
  });
});

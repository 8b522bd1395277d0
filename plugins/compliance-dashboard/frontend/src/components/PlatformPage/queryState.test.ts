import { parseDashboardQuery, toListQuery } from './queryState';

describe('the platform page query', () => {
  it('reads filters, sorting and paging from the URL, ignoring junk', () => {
    const query = parseDashboardQuery(
      new URLSearchParams(
        'owner=group:default/payments-team&severity=critical&severity=bogus&family=network&family=nope&search=pay&sort=risky&order=desc&page=2&pageSize=50',
      ),
    );
    expect(query).toEqual({
      owner: ['group:default/payments-team'],
      system: [],
      severity: ['critical'],
      family: ['network'],
      search: 'pay',
      sort: 'risky',
      order: 'desc',
      page: 2,
      pageSize: 50,
    });
    expect(toListQuery(query)).toMatchObject({ offset: 100, limit: 50 });
  });

  it('falls back to worst-first, first page, 25 rows', () => {
    const query = parseDashboardQuery(
      new URLSearchParams('sort=evil&order=sideways&page=-1&pageSize=5000'),
    );
    expect(query).toMatchObject({
      sort: 'score',
      order: 'asc',
      page: 0,
      pageSize: 25,
    });
  });
});

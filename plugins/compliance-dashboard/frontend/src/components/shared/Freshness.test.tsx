import { render, screen } from '@testing-library/react';
import { cartSummary } from '../../__testUtils__/fixtures';
import { Freshness } from './Freshness';

describe('Freshness', () => {
  it('says when a later refresh failed, and why', () => {
    render(
      <Freshness
        summary={{
          ...cartSummary,
          lastRefreshFailure: {
            refreshId: 'r-9',
            at: '2025-06-01T13:00:00.000Z',
            message: 'The snapshot could not be saved: the database refused it',
          },
        }}
      />,
    );
    expect(
      screen.getByText(
        /2025-06-01 13:00 UTC: The snapshot could not be saved: the database refused it/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Refresh failed')).toBeInTheDocument();
  });

  it('says nothing of failures when the last refresh succeeded', () => {
    render(<Freshness summary={cartSummary} />);
    expect(screen.queryByText('Refresh failed')).not.toBeInTheDocument();
  });
});

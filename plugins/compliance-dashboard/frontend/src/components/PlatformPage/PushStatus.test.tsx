import { render, screen } from '@testing-library/react';
import type { PushConsumerStatus } from '@pbc-portal/plugin-compliance-dashboard-common';
import { PushStatus } from './PushStatus';

const counts = {
  handled: 0,
  received: 0,
  applied: 0,
  duplicates: 0,
  poison: 0,
};

const live: PushConsumerStatus = {
  ...counts,
  enabled: true,
  mode: 'push',
  since: '2025-06-01T12:00:00.000Z',
  handled: 128,
  received: 130,
  lastMessageAt: new Date(Date.now() - 3 * 60_000).toISOString(),
};

describe('PushStatus', () => {
  it('shows live events with the last message and the count handled', () => {
    render(<PushStatus push={live} />);
    expect(screen.getByText('Events live')).toBeInTheDocument();
    expect(
      screen.getByText('Last event 3 min ago, 128 handled'),
    ).toBeInTheDocument();
  });

  it('keeps the last error visible after the queue recovered', () => {
    render(
      <PushStatus
        push={{
          ...live,
          lastError: {
            message: 'QueueDoesNotExist: the queue does not exist',
            at: '2025-06-01T11:58:00.000Z',
          },
        }}
      />,
    );
    expect(
      screen.getByText(
        /last error 2025-06-01 11:58 UTC: QueueDoesNotExist: the queue does not exist/,
      ),
    ).toBeInTheDocument();
  });

  it('says the queue is unreachable and the schedule takes over', () => {
    render(
      <PushStatus
        push={{
          ...live,
          mode: 'polling',
          since: '2025-06-01T12:05:00.000Z',
          reason: 'AccessDenied: sqs:ReceiveMessage',
        }}
      />,
    );
    expect(screen.getByText('Events paused')).toBeInTheDocument();
    expect(screen.queryByText('Events live')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        /cannot be read since 2025-06-01 12:05 UTC; the scheduled refresh keeps the data current: AccessDenied: sqs:ReceiveMessage/,
      ),
    ).toBeInTheDocument();
  });

  it('says when no queue is configured, and nothing before the status arrives', () => {
    const { container, rerender } = render(<PushStatus />);
    expect(container).toBeEmptyDOMElement();
    rerender(<PushStatus push={{ ...counts, enabled: false }} />);
    expect(screen.getByText('Schedule only')).toBeInTheDocument();
    expect(screen.queryByText(/Events/)).not.toBeInTheDocument();
  });
});

import { render, screen } from '@testing-library/react';
import App from './App';

/** Static config the way the app reads it in a browser: a config script tag. */
function provideConfig(data: object) {
  const script = document.createElement('script');
  script.type = 'backstage.io/config';
  script.textContent = JSON.stringify([{ data, context: 'test' }]);
  document.head.appendChild(script);
}

describe('App', () => {
  it('boots with its features, up to the sign-in page', async () => {
    provideConfig({
      app: { title: 'Test', baseUrl: 'http://localhost:3000' },
      backend: { baseUrl: 'http://localhost:7007' },
      techdocs: {
        storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
      },
    });

    render(App.createRoot());

    // The route bindings of App.tsx are checked by tsc (their keys and parameters), not here:
    // createApp ignores a binding it cannot use.
    expect(
      await screen.findByText(/Enter as a Guest User/, undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
  }, 30_000);
});

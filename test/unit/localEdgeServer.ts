import { resetEdgeEndpoint, setEdgeEndpoint } from '../../src/speech/edgeEndpoint';
import { startFakeEdgeServer, type FakeEdgeOptions, type FakeEdgeServer } from '../fake-edge/server';
import { watchProcessErrors } from './processErrors';

/**
 * Mocha hooks for a suite that speaks to the local Edge protocol server: one server for the suite with
 * the speech client pointed at it; before each test its options back to `defaults` and its logs empty;
 * after each test no socket may be left open and nothing may have been thrown unhandled.
 */
export function useLocalEdgeServer(defaults: FakeEdgeOptions): { readonly server: FakeEdgeServer } {
  let server: FakeEdgeServer | undefined;
  const processErrors = watchProcessErrors();
  before(async () => {
    server = await startFakeEdgeServer(defaults);
    setEdgeEndpoint({ speechUrl: server.wsUrl, voicesUrl: server.voicesUrl });
  });
  after(async () => {
    resetEdgeEndpoint();
    await server?.close();
  });
  beforeEach(() => {
    server?.setOptions({ fault: 'none', faultOnRequest: undefined, faultFromRequest: undefined, clockOffsetMs: 0, ...defaults });
    server?.reset();
    processErrors.reset();
  });
  afterEach(async () => {
    await server?.waitForAllClosed(2000);
    processErrors.assertNone();
  });
  return {
    get server(): FakeEdgeServer {
      if (!server) {
        throw new Error('the local Edge server starts in before()');
      }
      return server;
    },
  };
}

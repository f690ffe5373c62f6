/**
 * The services' NATS connection: nats.js's own, with one change to how it writes.
 *
 * nats.js sends what a microtask queued in one `write`. A service under load queues a message in almost
 * every I/O callback (a request that arrived, a reply from PostgreSQL, an ack), so it made one system call
 * per message, and nats-server woke once per write. On a virtual machine a system call and a wake-up cost
 * far more than the JavaScript around them (docs/performance.md). The transport below corks the socket at
 * the first write of an event-loop turn and uncorks it in that turn's check phase (`setImmediate`), so
 * everything written during the turn leaves in one `writev`. When the service is idle a turn is short and
 * nothing waits longer than it did; under load the writes of several requests share a system call.
 * The price: a callback that runs long synchronous work (mentorship's matching, awards' ranking) now also holds
 * what earlier callbacks of the same turn wrote, until it returns; nats.js sent those before it began. Such work
 * blocks the process's every other request already, and is rare and bounded (docs/performance.md).
 *
 * nats.js takes its transport from a process-wide factory that its own `connect` sets to the plain
 * transport. `connectNats` sets ours before connecting; reconnects read the factory again, so a plain
 * `connect` elsewhere in the same process makes later reconnects of this connection write as nats.js does
 * (still correct, only more system calls). Services connect only through here.
 *
 * Closing: as with nats.js's own transport, `close()` drops what was not flushed yet (here: what the current turn
 * wrote); `drain()`, which services use to stop, flushes first.
 *
 * And one change to how a request ends: see `settledRequestsMakeNoError`.
 */
import type { ConnectionOptions, NatsConnection } from 'nats';
import { NatsConnectionImpl, RequestOne, setTransportFactory } from 'nats/lib/src/nats-base-client';
import { NodeTransport, nodeResolveHost } from 'nats/lib/src/node_transport';

export class CoalescingTransport extends NodeTransport {
  private corked = false;

  override send(frame: Uint8Array): void {
    const socket = this.socket;
    if (!this.corked && socket !== undefined && !this.isClosed) {
      this.corked = true;
      socket.cork();
      setImmediate(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    super.send(frame);
  }
}

interface PendingRequest {
  timer?: { cancel(): void };
  mux: { cancel(request: unknown): void };
  resolver: (this: PendingRequest, err: Error | null, msg: unknown) => void;
  cancel: (this: PendingRequest, err?: Error) => void;
}

const SETTLED = Symbol('settled');
let requestsPatched = false;

/**
 * nats.js answers a request by resolving its promise and then calling `cancel()`, which rejects the same
 * promise with a new `NatsError` ("cancelled"): an Error, with its stack captured, built for every request
 * that succeeded, only to be ignored, since the promise is settled already. On the gateway that was the
 * costliest function of a profile read (4 % of its CPU). A request its reply has settled now skips that
 * rejection and only does the rest of `cancel` (its timer, its entry in the inbox's map). A request
 * cancelled before its reply still rejects as before.
 */
function settledRequestsMakeNoError(): void {
  if (requestsPatched) return;
  requestsPatched = true;
  const proto = RequestOne.prototype as unknown as PendingRequest & { [SETTLED]?: boolean };
  const resolver = proto.resolver;
  const cancel = proto.cancel;
  proto.resolver = function (this: PendingRequest & { [SETTLED]?: boolean }, err, msg) {
    this[SETTLED] = true;
    resolver.call(this, err, msg);
  };
  proto.cancel = function (this: PendingRequest & { [SETTLED]?: boolean }, err) {
    if (!this[SETTLED] || err) return cancel.call(this, err);
    this.timer?.cancel();
    this.mux.cancel(this);
  };
}

export function connectNats(options: ConnectionOptions): Promise<NatsConnection> {
  settledRequestsMakeNoError();
  setTransportFactory({ factory: () => new CoalescingTransport(), dnsResolveFn: nodeResolveHost });
  return NatsConnectionImpl.connect(options);
}

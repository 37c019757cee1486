import { type Dispatcher, MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HttpRequest, type HttpTransport, TransportError } from '../../src/http/transport.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { checkDestination, resolveDestination } from '../../src/ssrf/check-destination.js';
import { fakeLookup, hangingLookup } from './support/fake-lookup.js';
import { closedPort, type LocalServer, startLocalServer } from './support/local-server.js';
import { fenceNetwork, type NetworkFence } from './support/network-fence.js';

const LOOPBACK_ALLOWED = { allow: ['127.0.0.1'] };
const encoder = new TextEncoder();

function post(url: string, overrides: Partial<HttpRequest> = {}): HttpRequest {
  return {
    url,
    headers: { 'content-type': 'application/json' },
    body: encoder.encode('{}'),
    timeoutMs: 5000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

let fence: NetworkFence;
let servers: LocalServer[];
let transport: HttpTransport | undefined;

beforeEach(() => {
  fence = fenceNetwork();
  servers = [];
  transport = undefined;
});

afterEach(async () => {
  await transport?.close?.();
  await Promise.all(servers.map((s) => s.close()));
  fence.restore();
});

async function server(...args: Parameters<typeof startLocalServer>): Promise<LocalServer> {
  const started = await startLocalServer(...args);
  servers.push(started);
  return started;
}

function use(options: Parameters<typeof createUndiciTransport>[0]): HttpTransport {
  transport = createUndiciTransport(options);
  return transport;
}

describe('sending', () => {
  it('sends the exact body bytes and headers, Chinese text included', async () => {
    const receiver = await server();
    const body = encoder.encode(
      JSON.stringify({ event: 'task.completed', data: { task_title: '《霸道总裁》第一集 🎬' } }),
    );
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      'webhook-timestamp': '1700000000',
      'user-agent': 'dramarelay/1.0',
    };
    const response = await use({ ssrf: LOOPBACK_ALLOWED }).send(
      post(`${receiver.origin}/hooks/x2c?team=7`, { headers, body }),
    );

    expect(response).toMatchObject({ status: 200, truncated: false });
    expect(Buffer.from(response.body).toString()).toBe('ok');
    const [received] = receiver.requests;
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/hooks/x2c?team=7');
    expect(received?.body.equals(body)).toBe(true);
    expect(received?.headers).toMatchObject({ ...headers, 'content-length': String(body.length) });
    // The fence really watches this test's sockets.
    expect(fence.attempts).toEqual(['127.0.0.1']);
  });

  it('sends only the bytes of a Uint8Array view, not its whole buffer', async () => {
    const receiver = await server();
    const backing = encoder.encode('xx{"a":1}yy');
    await use({ ssrf: LOOPBACK_ALLOWED }).send(
      post(receiver.origin, { body: backing.subarray(2, 9) }),
    );
    expect(receiver.requests[0]?.body.toString()).toBe('{"a":1}');
  });

  it('returns response headers in lower case, joining repeated ones', async () => {
    const receiver = await server((_request, response) => {
      response.setHeader('X-Request-Id', 'abc');
      response.setHeader('Set-Cookie', ['a=1', 'b=2']);
      response.writeHead(202).end();
    });
    const response = await use({ ssrf: LOOPBACK_ALLOWED }).send(post(receiver.origin));
    expect(response.status).toBe(202);
    expect(response.headers).toMatchObject({ 'x-request-id': 'abc', 'set-cookie': 'a=1, b=2' });
    expect(response.body).toHaveLength(0);
  });

  it('answers with the final response after an informational 102', async () => {
    const receiver = await server((_request, response) => {
      response.writeProcessing();
      response.writeHead(200).end('done');
    });
    const response = await use({ ssrf: LOOPBACK_ALLOWED }).send(post(receiver.origin));
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toBe('done');
  });

  it('returns a 302 as it is and never requests the Location', async () => {
    const elsewhere = await server();
    const receiver = await server((_request, response) =>
      response.writeHead(302, { location: `${elsewhere.origin}/stolen` }).end('moved'),
    );
    const response = await use({ ssrf: LOOPBACK_ALLOWED }).send(post(`${receiver.origin}/start`));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`${elsewhere.origin}/stolen`);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/start']);
    expect(elsewhere.connections).toBe(0);
  });

  it('reuses one keep-alive connection for requests sent one after another', async () => {
    const receiver = await server();
    const client = use({ ssrf: LOOPBACK_ALLOWED });
    for (let i = 0; i < 5; i++) {
      await client.send(post(receiver.origin));
      // undici hands a socket back to the pool one event-loop turn after a response ends.
      await new Promise(setImmediate);
    }
    expect(receiver.requests).toHaveLength(5);
    expect(receiver.connections).toBe(1);
  });

  it('opens no more than two connections for back-to-back requests', async () => {
    const receiver = await server();
    const client = use({ ssrf: LOOPBACK_ALLOWED });
    for (let i = 0; i < 10; i++) await client.send(post(receiver.origin));
    expect(receiver.requests).toHaveLength(10);
    expect(receiver.connections).toBeLessThanOrEqual(2);
  });

  it('keeps 4096 bytes of a 10 MiB response, says it was truncated, and stays usable', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'a');
    const receiver = await server((request, response) =>
      response.end(request.path === '/huge' ? huge : 'small'),
    );
    const client = use({ ssrf: LOOPBACK_ALLOWED });
    const response = await client.send(post(`${receiver.origin}/huge`));
    expect(response.truncated).toBe(true);
    expect(response.body).toHaveLength(4096);
    expect(Buffer.from(response.body).equals(huge.subarray(0, 4096))).toBe(true);

    const next = await client.send(post(`${receiver.origin}/small`));
    expect(Buffer.from(next.body).toString()).toBe('small');
    expect(next.truncated).toBe(false);
  });

  it('keeps a body of exactly the excerpt size whole', async () => {
    const receiver = await server((_request, response) => response.end('0123456789'));
    const response = await use({ ssrf: LOOPBACK_ALLOWED, maxResponseBodyBytes: 10 }).send(
      post(receiver.origin),
    );
    expect(Buffer.from(response.body).toString()).toBe('0123456789');
    expect(response.truncated).toBe(false);
  });

  it('reaches a private address when the guard is turned off', async () => {
    const receiver = await server();
    const response = await use({ ssrf: false }).send(post(receiver.origin));
    expect(response.status).toBe(200);
  });

  it('sends through an injected dispatcher, such as a MockAgent', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('https://hooks.example.com');
    pool
      .intercept({ path: '/x2c?v=1', method: 'POST' })
      .reply(201, 'created', { headers: { 'X-Mock': 'yes' } });
    pool.intercept({ path: '/after', method: 'POST' }).reply(204);
    const client = use({ dispatcher: agent });
    const response = await client.send(post('https://hooks.example.com/x2c?v=1'));
    expect(response).toMatchObject({ status: 201, headers: { 'x-mock': 'yes' } });
    expect(Buffer.from(response.body).toString()).toBe('created');
    await client.close?.();
    // The caller's dispatcher is theirs to close: it still works.
    const after = await agent.request({
      origin: 'https://hooks.example.com',
      path: '/after',
      method: 'POST',
    });
    expect(after.statusCode).toBe(204);
    await agent.close();
  });
});

describe('failures', () => {
  it('times out on a server that never answers', async () => {
    const receiver = await server(() => {});
    const error = await failure(
      use({ ssrf: LOOPBACK_ALLOWED }).send(
        post(`${receiver.origin}/hook?token=s3cret`, { timeoutMs: 200 }),
      ),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).not.toContain('s3cret');
  });

  it('times out on a body that never ends', async () => {
    const receiver = await server((_request, response) => response.write('partial'));
    const error = await failure(
      use({ ssrf: LOOPBACK_ALLOWED }).send(post(receiver.origin, { timeoutMs: 200 })),
    );
    expect(error.code).toBe('timeout');
  });

  it('never sends a request whose deadline passed while it waited for a connection', async () => {
    const receiver = await server((request, response) => {
      if (request.path === '/slow') setTimeout(() => response.end('slow'), 300);
      else response.end('late');
    });
    const client = use({ ssrf: LOOPBACK_ALLOWED, connections: 1 });
    const slow = client.send(post(`${receiver.origin}/slow`));
    const error = await failure(client.send(post(`${receiver.origin}/late`, { timeoutMs: 100 })));
    expect(error.code).toBe('timeout');
    expect((await slow).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.requests.map((r) => r.path)).toEqual(['/slow']);
  });

  it('reports a connection reset as a network error', async () => {
    const receiver = await server((request, response) => {
      void request;
      response.socket?.resetAndDestroy();
    });
    const error = await failure(use({ ssrf: LOOPBACK_ALLOWED }).send(post(receiver.origin)));
    expect(error.code).toBe('network');
  });

  it('reports a refused connection as a network error', async () => {
    const port = await closedPort();
    const error = await failure(
      use({ ssrf: LOOPBACK_ALLOWED }).send(post(`http://127.0.0.1:${port}/`)),
    );
    expect(error.code).toBe('network');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('reports a name that does not resolve as a DNS error', async () => {
    const ssrf = { lookup: fakeLookup('ENOTFOUND') };
    const error = await failure(use({ ssrf }).send(post('https://gone.example.com/')));
    expect(error.code).toBe('dns');
  });

  it('reports a connection that cannot be set up in time as connect_timeout', async () => {
    const ssrf = { lookup: hangingLookup() };
    const error = await failure(
      use({ ssrf, connectTimeoutMs: 100 }).send(post('https://slow.example.com/')),
    );
    expect(error.code).toBe('connect_timeout');
    expect(ssrf.lookup.calls).toEqual(['slow.example.com']);
  });

  it('bounds the connection phase by the total timeout too', async () => {
    const ssrf = { lookup: hangingLookup() };
    const error = await failure(
      use({ ssrf, connectTimeoutMs: 1000 }).send(
        post('https://slow.example.com/', { timeoutMs: 100 }),
      ),
    );
    expect(error.code).toBe('timeout');
  });

  it.each([
    ['not a url', 'invalid_url'],
    ['ftp://hooks.example.com/', 'invalid_url'],
    ['https://user:pw@hooks.example.com/', 'ssrf_refused'],
  ])('refuses %s before any connection (%s)', async (url, code) => {
    const error = await failure(use({}).send(post(url)));
    expect(error.code).toBe(code);
    expect(fence.attempts).toEqual([]);
  });

  it('refuses a header value with a line break before sending', async () => {
    const receiver = await server();
    const error = await failure(
      use({ ssrf: LOOPBACK_ALLOWED }).send(
        post(receiver.origin, { headers: { 'x-evil': 'a\r\nx-injected: 1' } }),
      ),
    );
    expect(error.code).toBe('invalid_url');
    expect(receiver.requests).toHaveLength(0);
  });

  it('still checks every URL after more distinct ones than it remembers', async () => {
    const client = use({});
    for (let i = 0; i <= 1_000; i++) {
      expect((await failure(client.send(post(`ftp://hooks-${i}.example.com/`)))).code).toBe(
        'invalid_url',
      );
    }
    expect((await failure(client.send(post('ftp://hooks-0.example.com/')))).code).toBe(
      'invalid_url',
    );
    expect(fence.attempts).toEqual([]);
  });

  it('reports an injected dispatcher that throws as a network error', async () => {
    const dispatcher = {
      dispatch() {
        throw new Error('boom');
      },
    } as unknown as Dispatcher;
    const error = await failure(use({ dispatcher }).send(post('https://hooks.example.com/')));
    expect(error.code).toBe('network');
    expect(error.message).toBe('boom');
  });

  it('refuses to send once closed', async () => {
    const client = use({});
    await client.close?.();
    await client.close?.();
    expect((await failure(client.send(post('https://hooks.example.com/')))).code).toBe('network');
  });

  it('rejects a request without a positive timeout as a misuse', async () => {
    await expect(
      use({}).send(post('https://hooks.example.com/', { timeoutMs: 0 })),
    ).rejects.toThrow(/@dramarelay\/webhook-notifier: .*timeoutMs/);
  });

  it.each<[string, Parameters<typeof createUndiciTransport>[0]]>([
    ['zero connections', { connections: 0 }],
    ['a negative connect timeout', { connectTimeoutMs: -1 }],
    ['a negative body limit', { maxResponseBodyBytes: -1 }],
    ['a fractional body limit', { maxResponseBodyBytes: 1.5 }],
    ['a NaN keep-alive timeout', { keepAliveTimeoutMs: Number.NaN }],
    ['a malformed allow-list entry', { ssrf: { allow: ['10.0.0.0/33'] } }],
    [
      'a malformed allow-list entry next to a dispatcher',
      { ssrf: { allow: ['10.0.0.0/33'] }, dispatcher: new MockAgent() },
    ],
  ])('rejects %s as a misuse when the transport is created', (_label, options) => {
    expect(() => createUndiciTransport(options)).toThrow(/^@dramarelay\/webhook-notifier: /);
  });
});

describe('SSRF guard', () => {
  let target: LocalServer;
  beforeEach(async () => {
    target = await server();
  });

  it.each([
    ['loopback v4', '127.0.0.1'],
    ['loopback v6', '[::1]'],
    ['private 10/8', '10.0.0.1'],
    ['private 172.16/12', '172.16.0.1'],
    ['private 192.168/16', '192.168.0.1'],
    ['link-local', '169.254.1.1'],
    ['link-local v6', '[fe80::1]'],
    ['CGNAT', '100.64.0.1'],
    ['multicast', '224.0.0.1'],
    ['unspecified', '0.0.0.0'],
    ['cloud metadata', '169.254.169.254'],
    ['IPv4-mapped IPv6', '[::ffff:127.0.0.1]'],
    ['decimal spelling', '2130706433'],
    ['octal spelling', '0177.0.0.1'],
    ['hex spelling', '0x7f.0.0.1'],
    ['hex number spelling', '0x7f000001'],
    ['unique-local v6', '[fd00::1]'],
  ])('refuses %s (%s) without opening a connection', async (_class, host) => {
    const error = await failure(use({}).send(post(`http://${host}:${target.port}/hook`)));
    expect(error.code).toBe('ssrf_refused');
    expect(target.connections).toBe(0);
    expect(fence.attempts).toEqual([]);
  });

  it('refuses a hostname whose DNS answer is private, at connect time', async () => {
    const ssrf = { lookup: fakeLookup(['127.0.0.1']) };
    const error = await failure(use({ ssrf }).send(post(`http://internal.test:${target.port}/`)));
    expect(error.code).toBe('ssrf_refused');
    expect(error.cause).toMatchObject({ reason: 'forbidden_address', addressReason: 'loopback' });
    expect(target.connections).toBe(0);
    expect(fence.attempts).toEqual([]);
  });

  it('refuses a name that resolved public at the pre-check and rebinds to loopback at connect', async () => {
    const ssrf = { lookup: fakeLookup(['93.184.216.34'], ['127.0.0.1']) };
    const url = `http://rebind.test:${target.port}/hook`;
    expect(await resolveDestination(url, ssrf)).toMatchObject({ ok: true });

    const error = await failure(use({ ssrf }).send(post(url)));
    expect(error.code).toBe('ssrf_refused');
    expect(ssrf.lookup.calls).toEqual(['rebind.test', 'rebind.test']);
    expect(target.connections).toBe(0);
    expect(fence.attempts).toEqual([]);
  });

  it('guards https destinations at connect time too', async () => {
    const ssrf = { lookup: fakeLookup(['127.0.0.1']) };
    const error = await failure(use({ ssrf }).send(post(`https://internal.test:${target.port}/`)));
    expect(error.code).toBe('ssrf_refused');
    expect(target.connections).toBe(0);
  });

  it('lets an allow-listed hostname through to whatever it resolves to', async () => {
    const ssrf = { allow: ['hooks.test'], lookup: fakeLookup(['127.0.0.1']) };
    const response = await use({ ssrf }).send(post(`http://hooks.test:${target.port}/`));
    expect(response.status).toBe(200);
    expect(target.requests[0]?.headers.host).toBe(`hooks.test:${target.port}`);
  });

  it('lets an allow-listed 127.0.0.1 through', async () => {
    const response = await use({ ssrf: LOOPBACK_ALLOWED }).send(post(target.origin));
    expect(response.status).toBe(200);
    expect(target.connections).toBe(1);
  });

  it('refuses plain http when https is required', async () => {
    const ssrf = { allow: ['127.0.0.1'], httpsOnly: true };
    const error = await failure(use({ ssrf }).send(post(target.origin)));
    expect(error.code).toBe('ssrf_refused');
    expect(target.connections).toBe(0);
  });

  it('checks URLs even with an injected dispatcher', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const error = await failure(use({ dispatcher: agent }).send(post('http://10.0.0.1/')));
    expect(error.code).toBe('ssrf_refused');
    expect(checkDestination('http://10.0.0.1/').ok).toBe(false);
    await agent.close();
  });
});

import { describe, expect, it } from 'vitest';
import { err } from '../../../shared/contract/result';
import { ContractSocket } from '../../../renderer/sip/contract-socket';
import { fakeContract, until } from './sip-fake-contract';

/** Records what the socket tells JsSIP. */
function attach(socket: ContractSocket) {
  const seen = {
    connects: 0,
    disconnects: [] as { error: boolean; reason?: string }[],
    data: [] as unknown[],
  };
  socket.onconnect = () => {
    seen.connects++;
  };
  socket.ondisconnect = (error, _code, reason) => {
    seen.disconnects.push(reason === undefined ? { error } : { error, reason });
  };
  socket.ondata = (data: unknown) => {
    seen.data.push(data);
  };
  return seen;
}

describe('ContractSocket', () => {
  it('has what JsSIP checks before use: url, via_transport and a SIP URI for the provider', () => {
    const socket = new ContractSocket(fakeContract().api, 'sip:+15550100@a.provider.test');
    expect(socket.sip_uri).toBe('sip:a.provider.test;transport=tls');
    expect(socket.via_transport).toBe('TLS');
    expect(socket.url).toContain('a.provider.test');
    expect(socket.isConnected()).toBe(false);
  });

  it('connects through sip.connect with the AOR and takes the transport main reports', async () => {
    const fake = fakeContract();
    fake.connectAnswer = () => {
      fake.lastConnectionId = 'w1';
      return {
        ok: true,
        value: {
          connectionId: 'w1',
          viaTransport: 'WSS',
          url: 'wss://a.provider.test:8443',
          remote: '127.0.0.1:8443',
        },
      };
    };
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    expect(socket.isConnecting()).toBe(true);
    socket.connect(); // a second call while connecting does not open a second connection
    await until(() => seen.connects === 1, 'onconnect');
    expect(fake.requests.filter((r) => r.name === 'sip.connect')).toEqual([
      { name: 'sip.connect', input: { aor: 'sip:+15550100@a.provider.test' } },
    ]);
    expect(socket.isConnected()).toBe(true);
    expect(socket.isConnecting()).toBe(false);
    expect(socket.via_transport).toBe('WSS');
    expect(socket.url).toBe('wss://a.provider.test:8443');
  });

  it('sends one whole message per sip.send and delivers only its own connection’s data', async () => {
    const fake = fakeContract();
    fake.autoAnswer = false;
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    await until(() => seen.connects === 1, 'onconnect');
    const id = fake.lastConnectionId ?? '';
    expect(socket.send('OPTIONS sip:x SIP/2.0\r\n\r\n')).toBe(true);
    expect(socket.send('MESSAGE sip:y SIP/2.0\r\n\r\n')).toBe(true);
    await until(() => fake.sent.length === 2, 'two sends');
    expect(fake.requests.filter((r) => r.name === 'sip.send').map((r) => r.input)).toEqual([
      { connectionId: id, data: 'OPTIONS sip:x SIP/2.0\r\n\r\n' },
      { connectionId: id, data: 'MESSAGE sip:y SIP/2.0\r\n\r\n' },
    ]);
    fake.emit('sip.data', { connectionId: 'someone-else', data: 'SIP/2.0 200 OK\r\n\r\n' });
    fake.emit('sip.data', { connectionId: id, data: 'SIP/2.0 202 Accepted\r\n\r\n' });
    expect(seen.data).toEqual(['SIP/2.0 202 Accepted\r\n\r\n']);
  });

  it('refuses to send when not connected, and binary data, so JsSIP fails the transaction', async () => {
    const fake = fakeContract();
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    expect(socket.send('OPTIONS sip:x SIP/2.0\r\n\r\n')).toBe(false);
    socket.connect();
    await until(() => seen.connects === 1, 'onconnect');
    expect(socket.send(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(fake.sent).toEqual([]);
  });

  it('a failed sip.connect becomes ondisconnect(error) with main’s plain words', async () => {
    const fake = fakeContract();
    fake.connectAnswer = () =>
      err('sip-connect-failed', 'No SIP server answers for a.provider.test.');
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    await until(() => seen.disconnects.length === 1, 'ondisconnect');
    expect(seen.disconnects[0]).toEqual({
      error: true,
      reason: 'No SIP server answers for a.provider.test.',
    });
    expect(socket.lastFailure).toBe('No SIP server answers for a.provider.test.');
    expect(socket.isConnecting()).toBe(false);
    expect(seen.connects).toBe(0);
  });

  it('sip.closed for our connection is ondisconnect with the reason; others are ignored', async () => {
    const fake = fakeContract();
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    await until(() => seen.connects === 1, 'onconnect');
    fake.emit('sip.closed', { connectionId: 'other', reason: 'x', error: true });
    expect(seen.disconnects).toEqual([]);
    fake.emit('sip.closed', {
      connectionId: fake.lastConnectionId ?? '',
      reason: 'The provider closed the connection.',
      error: true,
    });
    expect(seen.disconnects).toEqual([
      { error: true, reason: 'The provider closed the connection.' },
    ]);
    expect(socket.isConnected()).toBe(false);
    expect(socket.send('OPTIONS sip:x SIP/2.0\r\n\r\n')).toBe(false);
  });

  it('a refused sip.send (main lost the connection) is reported as a disconnect once', async () => {
    const fake = fakeContract();
    fake.sendAnswer = () => err('not-found', 'That connection is closed.');
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    await until(() => seen.connects === 1, 'onconnect');
    socket.send('OPTIONS sip:x SIP/2.0\r\n\r\n');
    socket.send('OPTIONS sip:y SIP/2.0\r\n\r\n');
    await until(() => seen.disconnects.length > 0, 'ondisconnect');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.disconnects).toEqual([{ error: true, reason: 'That connection is closed.' }]);
  });

  it('disconnect while connecting gives the late connection back to main', async () => {
    const fake = fakeContract();
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    socket.disconnect();
    await until(() => fake.requests.some((r) => r.name === 'sip.disconnect'), 'sip.disconnect');
    expect(fake.requests.find((r) => r.name === 'sip.disconnect')?.input).toEqual({
      connectionId: fake.lastConnectionId,
    });
    expect(seen.connects).toBe(0);
    expect(socket.isConnected()).toBe(false);
  });

  it('disconnect closes the connection in main; dispose stops listening', async () => {
    const fake = fakeContract();
    const socket = new ContractSocket(fake.api, 'sip:+15550100@a.provider.test');
    const seen = attach(socket);
    socket.connect();
    await until(() => seen.connects === 1, 'onconnect');
    const id = fake.lastConnectionId ?? '';
    socket.dispose();
    await until(() => fake.requests.some((r) => r.name === 'sip.disconnect'), 'sip.disconnect');
    expect(fake.requests.find((r) => r.name === 'sip.disconnect')?.input).toEqual({
      connectionId: id,
    });
    fake.emit('sip.data', { connectionId: id, data: 'late' });
    expect(seen.data).toEqual([]);
  });
});

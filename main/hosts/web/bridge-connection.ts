import type { RawData, WebSocket } from 'ws';
import {
  bridgeRequestSchema,
  type BridgeServerFrame,
} from '../../../shared/contract/bridge-protocol';
import { dispatch } from '../../../shared/contract/dispatch';
import { err } from '../../../shared/contract/result';
import type { YakkerApp } from '../../app/bootstrap';

/**
 * One renderer connected over the bridge: requests in, results and events out. Malformed frames
 * are answered with a `bad-request` result; nothing a client sends can throw past this point.
 */
export function serveBridgeConnection(socket: WebSocket, app: YakkerApp): void {
  const send = (frame: BridgeServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const subscription = app.bus.subscribe((name, payload) => {
    send({ type: 'event', name, payload });
  });
  socket.on('close', () => void subscription.dispose());
  socket.on('error', (error) => {
    app.logger.warn('bridge socket error', { error });
  });
  socket.on('message', (data, isBinary) => {
    void handleFrame(isBinary ? null : rawToText(data), app).then(send);
  });
}

async function handleFrame(text: string | null, app: YakkerApp): Promise<BridgeServerFrame> {
  if (text === null)
    return {
      type: 'result',
      id: null,
      result: err('bad-request', 'The bridge takes JSON text frames only.'),
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      type: 'result',
      id: null,
      result: err('bad-request', 'The frame was not valid JSON.'),
    };
  }
  const frame = bridgeRequestSchema.safeParse(json);
  if (!frame.success) {
    const id =
      typeof (json as { id?: unknown } | null)?.id === 'number'
        ? (json as { id: number }).id
        : null;
    return {
      type: 'result',
      id,
      result: err(
        'bad-request',
        'The frame is not a request: it needs id, type "request", name and input.',
      ),
    };
  }
  const result = await dispatch(app.handlers, frame.data.name, frame.data.input, (name, error) => {
    app.logger.error(`handler ${name} failed`, { error });
  });
  return { type: 'result', id: frame.data.id, result };
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.from(new Uint8Array(data)).toString('utf8');
}

import type { LinkedDevice } from '../../../../shared/contract/areas/devices';

/**
 * The question asked before a linked device is removed (docs/pairing.md §13), in plain words:
 * what removing does (a new key, the device signed out), what it cannot undo (the messages the
 * device already has), and what it costs (other devices link again; contacts see a new code).
 */
export function RemoveDeviceConfirm(props: {
  device: LinkedDevice;
  /** Other devices that have the same key and must be linked again afterwards. */
  others: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { device } = props;
  const titleId = `remove-${device.id}-title`;
  if (device.needsRelink)
    return (
      <div className="device-remove" role="group" aria-labelledby={titleId}>
        <p className="field-label" id={titleId}>
          Remove {device.name} from this list?
        </p>
        <p className="notice">
          {device.name} only has your old key, so it already can’t call or send messages as you.
        </p>
        <div className="keys-form-controls">
          <button type="button" className="btn" disabled={props.busy} onClick={props.onConfirm}>
            Remove from list
          </button>
          <button type="button" className="btn btn-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    );
  return (
    <div className="device-remove" role="group" aria-labelledby={titleId}>
      <p className="field-label" id={titleId}>
        Remove {device.name} and sign it out?
      </p>
      <div className="notice notice-text">
        <p>
          Yakker will make a new key for {device.identityName} and put it in the directory in place
          of the old one. {device.name} can then no longer call or send messages as you.
        </p>
        <p>{device.name} keeps the messages it already has.</p>
        {props.others > 0 ? (
          <p>
            {props.others === 1 ? 'Your other linked device' : 'Your other linked devices'} will
            need to be linked again to keep working as you.
          </p>
        ) : null}
        <p>The people you talk to will see that your security code changed.</p>
      </div>
      <div className="keys-form-controls">
        <button type="button" className="btn" disabled={props.busy} onClick={props.onConfirm}>
          Remove and sign out
        </button>
        <button type="button" className="btn btn-quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

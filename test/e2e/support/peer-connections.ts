import type { Page } from '@playwright/test';

/** What a page's peer connection went through: connection, ICE gathering and signaling states. */
export interface PeerConnectionRecord {
  states: string[];
  gathering: string[];
  signaling: string[];
}

declare global {
  interface Window {
    __yakkerPeerConnections?: PeerConnectionRecord[];
  }
}

/**
 * Page init script: every RTCPeerConnection the page makes (JsSIP's, for each call) is counted
 * and its connectionState history kept in window.__yakkerPeerConnections, so a test can tell
 * whether media could ever have flowed (a connection that never reached "connected" carried no
 * RTP) and whether a page made a connection at all. ICE gathering and signaling states are kept
 * too, so a test can tell that a connection made ahead of time sent nothing (gathering "new").
 */
export function trackPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const seen: PeerConnectionRecord[] = [];
  window.__yakkerPeerConnections = seen;
  class Tracked extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      const record: PeerConnectionRecord = {
        states: [this.connectionState],
        gathering: [this.iceGatheringState],
        signaling: [this.signalingState],
      };
      seen.push(record);
      this.addEventListener('connectionstatechange', () => {
        record.states.push(this.connectionState);
      });
      this.addEventListener('icegatheringstatechange', () => {
        record.gathering.push(this.iceGatheringState);
      });
      this.addEventListener('signalingstatechange', () => {
        record.signaling.push(this.signalingState);
      });
    }
  }
  window.RTCPeerConnection = Tracked;
}

/** The connectionState history of every peer connection the page made, oldest first. */
export async function peerConnections(page: Page): Promise<string[][]> {
  return (await peerConnectionRecords(page)).map((r) => r.states);
}

/** Every peer connection the page made, oldest first, with its state histories. */
export function peerConnectionRecords(page: Page): Promise<PeerConnectionRecord[]> {
  return page.evaluate(() => structuredClone(window.__yakkerPeerConnections ?? []));
}

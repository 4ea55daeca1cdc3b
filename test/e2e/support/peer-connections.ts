import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __yakkerPeerConnections?: { states: string[] }[];
  }
}

/**
 * Page init script: every RTCPeerConnection the page makes (JsSIP's, for each call) is counted
 * and its connectionState history kept in window.__yakkerPeerConnections, so a test can tell
 * whether media could ever have flowed (a connection that never reached "connected" carried no
 * RTP) and whether a page made a connection at all.
 */
export function trackPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const seen: { states: string[] }[] = [];
  window.__yakkerPeerConnections = seen;
  class Tracked extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      const record = { states: [this.connectionState as string] };
      seen.push(record);
      this.addEventListener('connectionstatechange', () => {
        record.states.push(this.connectionState);
      });
    }
  }
  window.RTCPeerConnection = Tracked;
}

/** The connectionState history of every peer connection the page made, oldest first. */
export function peerConnections(page: Page): Promise<string[][]> {
  return page.evaluate(() => (window.__yakkerPeerConnections ?? []).map((r) => [...r.states]));
}

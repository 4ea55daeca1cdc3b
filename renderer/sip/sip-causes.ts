/** JsSIP's failure causes (JsSIP.C.causes) in plain words for people. */
const WORDS: Record<string, string> = {
  'Connection Error': 'Could not reach your provider.',
  'Request Timeout': 'Your provider did not answer in time.',
  'SIP Failure Code': 'Your provider refused the request.',
  'Internal Error': 'Something went wrong inside Yakker.',
  Busy: 'They are busy.',
  Rejected: 'The call was declined.',
  Redirected: 'They moved to another address; calling it is not supported yet.',
  Unavailable: 'They are not reachable right now.',
  'Not Found': 'Nobody has that address.',
  'Address Incomplete': 'That address is incomplete.',
  'Incompatible SDP': 'Their app cannot do audio the way Yakker does.',
  'Missing SDP': 'Their app sent no audio description.',
  'Authentication Error':
    'Your provider refused the user name or password. Check them in Settings → Account.',
  Terminated: 'The call ended.',
  'WebRTC Error': 'Audio could not start on this computer.',
  Canceled: 'The call was cancelled.',
  'No Answer': 'No answer.',
  Expires: 'The call request expired.',
  'No ACK': 'The call dropped while connecting.',
  'Dialog Error': 'The call dropped.',
  'User Denied Media Access': 'Yakker may not use your microphone. Allow it, then call again.',
  'Bad Media Description': 'Their app sent an audio description Yakker cannot use.',
  'RTP Timeout': 'The audio stopped arriving.',
};

/** Plain words for a JsSIP cause; unknown causes are shown as they are, never hidden. */
export function causeInWords(cause: string | undefined, status?: number): string {
  const words = cause === undefined ? undefined : WORDS[cause];
  if (words !== undefined) return words;
  if (status !== undefined && status > 0) return `The provider answered ${status}.`;
  return cause ?? 'Unknown error.';
}

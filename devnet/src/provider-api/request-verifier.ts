/**
 * How the provider API checks who signs a request, as an injected function: the devnet does not
 * import main/ (docs/devnet.md, "Layering"), and the check needs main's DNSSEC resolver and RFC
 * 9421 verifier. main/cli/commands/devnet-request-verifier.ts supplies the real one: the SMIMEA
 * certificate published for the number, validated through the devnet's trust anchor.
 */
export interface SignedRequest {
  method: string;
  /** The absolute target URI the client signed (@target-uri). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface VerifyRequestOptions {
  /** Components the signature must cover (e.g. @method, @target-uri, content-digest). */
  requiredFields: readonly string[];
  now: Date;
  maxAgeSeconds: number;
}

/**
 * Resolves with the keyid (SHA-256 of the published certificate that verified the signature).
 * Rejects with a ProviderApiError: not-published (no certificate for the number), insecure (the
 * answer is not DNSSEC-secure), key-mismatch (the keyid is none of the published certificates),
 * signature-invalid, stale.
 */
export type RequestVerifier = (
  request: SignedRequest,
  number: string,
  options: VerifyRequestOptions,
) => Promise<{ keyId: string }>;

/** What the devnet knows when it asks for a verifier: its DNS and the directory suffix. */
export interface VerifierContext {
  dnsHost: string;
  dnsPort: number;
  trustAnchorFile: string;
  directorySuffix: string;
}

export type RequestVerifierFactory = (context: VerifierContext) => RequestVerifier;

import { execFileSync } from 'node:child_process';

/**
 * The signature checks of the seeds' receivers, in their own language (Python's hmac, hashlib
 * and json), so a test proves Herald's signatures verify where those receivers run, not merely
 * against a TypeScript re-implementation. Each reads {secret, headers, body} on stdin and
 * prints True or False.
 */
const SEED_000_STET = `
import hmac, hashlib, json, sys
req = json.load(sys.stdin)
WEBHOOK_SECRET = req['secret']
# seed 000, "Webhook Receiver Example (Python Flask)", request.headers / request.get_data() as given
timestamp = req['headers'].get('x-stet-timestamp')
signature = req['headers'].get('x-stet-signature')
body = req['body'].encode()
expected_sig = hmac.new(
    WEBHOOK_SECRET.encode(),
    body + timestamp.encode(),
    hashlib.sha256
).hexdigest()
print(hmac.compare_digest(signature, expected_sig))
`;

const SEED_004_SORTED_JSON = `
import hmac, hashlib, json, sys
req = json.load(sys.stdin)
# seed 004, "Signature Verification (Server Side)"
def verify_signature(payload: dict, signature: str, secret: str) -> bool:
    payload_str = json.dumps(payload, sort_keys=True)
    expected_signature = hmac.new(
        secret.encode(),
        payload_str.encode(),
        hashlib.sha256,
    ).hexdigest()
    return hmac.compare_digest(signature, expected_signature)
print(verify_signature(json.loads(req['body']), req['headers'].get('x-signature'), req['secret']))
`;

export const SEED_VERIFIERS = { seed000Stet: SEED_000_STET, seed004SortedJson: SEED_004_SORTED_JSON } as const;

/** Runs one seed's verifier with python3; true when it accepts the request. */
export function seedVerifies(verifier: keyof typeof SEED_VERIFIERS, request: { secret: string; headers: Record<string, unknown>; body: string }): boolean {
  const out = execFileSync('python3', ['-c', SEED_VERIFIERS[verifier]], { input: JSON.stringify(request), encoding: 'utf8' }).trim();
  if (out !== 'True' && out !== 'False') throw new Error(`verifier printed ${out}`);
  return out === 'True';
}

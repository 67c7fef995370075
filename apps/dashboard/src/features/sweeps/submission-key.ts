/**
 * One `Idempotency-Key` per form submission. A submit that failed without an answer the user
 * can act on (a 503 while Temporal is down, a dropped connection) is retried by clicking
 * Submit again; that retry must carry the key of the first attempt, so the API answers with
 * the sweep it may already have written instead of writing a second one. A changed form is a
 * different sweep and gets a new key (the old one would be a 409: same key, other spec).
 */
export class SubmissionKeys {
  private last?: { spec: string; key: string };

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key for submitting `spec`: the previous attempt's when the spec is unchanged. */
  keyFor(spec: unknown): string {
    const json = JSON.stringify(spec);
    if (this.last?.spec !== json) this.last = { spec: json, key: this.newKey() };
    return this.last.key;
  }
}

/** Invalid input found by a validation that is not a plain zod parse (the sweep spec). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`invalid input: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

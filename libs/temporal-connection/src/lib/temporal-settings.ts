import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');
const file = z.string().min(1, 'must name a file').optional();

/**
 * The environment variables that say how to reach Temporal securely (docs/configuration.md):
 * TLS on or off, a client certificate and key (mTLS), a private server CA, the TLS server name,
 * and a Temporal Cloud API key. The API and the worker spread these into their own schemas and
 * refine with {@link checkTemporalSettings}, so both processes accept exactly the same settings.
 */
export const temporalSettingsShape = {
  TEMPORAL_TLS: flag.optional(),
  TEMPORAL_TLS_CERT: file,
  TEMPORAL_TLS_KEY: file,
  TEMPORAL_TLS_CA: file,
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
};

export type TemporalSettings = {
  TEMPORAL_ADDRESS: string;
} & z.output<z.ZodObject<typeof temporalSettingsShape>>;

/** Whether the connection uses TLS: asked for, or implied by a TLS file or an API key. */
export function usesTls(
  settings: Pick<
    TemporalSettings,
    'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_API_KEY'
  >,
): boolean {
  return (
    settings.TEMPORAL_TLS ??
    Boolean(settings.TEMPORAL_TLS_CERT || settings.TEMPORAL_TLS_CA || settings.TEMPORAL_API_KEY)
  );
}

/**
 * The rules across variables, for a `superRefine`: the client certificate and key go together,
 * and TLS cannot be switched off while TLS files or an API key ask for it.
 */
export function checkTemporalSettings(
  settings: Omit<TemporalSettings, 'TEMPORAL_ADDRESS'>,
  ctx: z.RefinementCtx,
): void {
  if ((settings.TEMPORAL_TLS_CERT === undefined) !== (settings.TEMPORAL_TLS_KEY === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [settings.TEMPORAL_TLS_CERT === undefined ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY'],
      message: 'the client certificate and key go together: set both or neither',
    });
  }
  if (settings.TEMPORAL_TLS === false && usesTls({ ...settings, TEMPORAL_TLS: undefined })) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS'],
      message: 'is false, but TLS files or TEMPORAL_API_KEY are set (they need TLS)',
    });
  }
}

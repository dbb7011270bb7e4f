import { z } from 'zod';
import { FORBIDDEN_KEYS } from '../limits';
import { ERROR_CODES, type ServerErrorCode } from '../model';

/** See {@link ServerErrorCode}. */
const SERVER_ERROR_CODES: readonly ServerErrorCode[] = ['upload_quota_exceeded'];

/** One problem found in a request, pointing at where it is. */
export const ValidationIssue = z
  .object({
    path: z.string().meta({ description: 'Dotted path into the body, e.g. `submissions.3.answers.category`' }),
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: 'ValidationIssue' });

/** The uniform error body every non-2xx answer carries. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum([...ERROR_CODES, ...SERVER_ERROR_CODES]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });

/**
 * Turns zod issues into wire issues. A schema may put a more specific code in
 * `params.code` (e.g. `forbidden_key`); otherwise zod's own code is used.
 */
export function toValidationIssues(error: z.ZodError): z.infer<typeof ValidationIssue>[] {
  return error.issues.map((issue) => {
    const params = 'params' in issue ? (issue.params as Record<string, unknown> | undefined) : undefined;
    const code = typeof params?.code === 'string' ? params.code : issue.code;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    return {
      path: [...issue.path, ...(keys.length === 1 ? keys : [])].map(String).join('.'),
      code: keys.some((key) => FORBIDDEN_KEYS.includes(key)) ? 'forbidden_key' : code,
      message: issue.message,
    };
  });
}

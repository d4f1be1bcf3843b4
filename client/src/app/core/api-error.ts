import { HttpErrorResponse } from '@angular/common/http';

/** The JSON body of every error the ArchNest API returns. */
export interface ApiErrorBody {
  statusCode: number;
  error?: string;
  message: string | string[];
  fields?: { path: string; message: string }[];
}

/** The message to show a user for a failed API call. */
export function apiErrorMessage(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) return 'Something went wrong';
  if (error.status === 0) return 'Server unreachable';
  const body = error.error as Partial<ApiErrorBody> | null;
  const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
  if (typeof message === 'string' && message.length > 0) return message;
  if (error.status >= 500) return 'Server unreachable';
  return `Request failed (HTTP ${error.status})`;
}

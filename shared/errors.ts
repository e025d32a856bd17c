/**
 * Errors as data: every failure the user can meet has a stable code, a message in words and a hint.
 *
 * They cross every boundary (CLI, IPC, HTTP) as plain objects, never as thrown class instances.
 */
export interface AppErrorData {
  code: string;
  message: string;
  hint?: string;
  /** Where it happened, when known: the file, line, column or field the user must look at. */
  where?: { file?: string; line?: number; column?: string; field?: string };
}

/** Thrown inside the backend; serialised with `toErrorData` at the boundary. */
export class AppError extends Error implements AppErrorData {
  readonly code: string;
  readonly hint?: string;
  readonly where?: AppErrorData['where'];
  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.hint = data.hint;
    this.where = data.where;
  }
  toData(): AppErrorData {
    return { code: this.code, message: this.message, hint: this.hint, where: this.where };
  }
}

/** Usage mistakes (unknown flag, missing argument): the CLI exits 2 for these. */
export const USAGE_ERROR = 'usage';

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError || (typeof e === 'object' && e !== null && 'code' in e && 'message' in e && (e as { name?: string }).name === 'AppError');
}

export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return { code: e.code, message: e.message, hint: e.hint, where: e.where };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message, hint: 'This is a bug in WPA Explorer; please report it with the steps that led here.' };
}

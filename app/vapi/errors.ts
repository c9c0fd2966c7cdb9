// The error taxonomy shared by provisioning, its API routes and its page.
// Each code has an HTTP status and a message a merchant can act on; `cause`
// keeps the technical detail for logs and Sentry.

export type ErrorCode =
  | "VALIDATION_ERROR" // our input is wrong: fix it, retrying will not help
  | "NETWORK_ERROR" // could not reach Vapi
  | "TIMEOUT" // Vapi did not answer in time
  | "RATE_LIMIT" // Vapi throttled us (429)
  | "VAPI_UNAVAILABLE" // Vapi answered 5xx
  | "VAPI_REJECTED" // Vapi refused the request (4xx other than 408/429)
  | "VAPI_AUTH_FAILED" // the Vapi API key is wrong (401/403): the developer must fix it
  | "VAPI_BAD_RESPONSE" // Vapi answered 2xx with a body the app cannot use (no id, a malformed number)
  | "NO_AVAILABLE_NUMBERS" // no area code had a number
  | "NUMBER_ACTIVATION_TIMEOUT" // the number never became active
  | "SHOP_DATA_UNAVAILABLE" // the Admin API did not give us the shop's products
  | "DB_SAVE_FAILED" // Vapi succeeded but we could not record it
  | "PROVISIONING_IN_PROGRESS" // another request for this shop holds the lease
  | "CLEANUP_IN_PROGRESS" // the stray sweep or a removal holds the lease: try again shortly
  | "NOT_PROVISIONED" // an update or removal with nothing to act on
  | "VAPI_RESOURCE_GONE"; // the receptionist's assistant or number was deleted at Vapi: set it up again

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  NETWORK_ERROR: 502,
  TIMEOUT: 502,
  RATE_LIMIT: 502,
  VAPI_UNAVAILABLE: 502,
  VAPI_REJECTED: 502,
  VAPI_AUTH_FAILED: 500,
  VAPI_BAD_RESPONSE: 502,
  NO_AVAILABLE_NUMBERS: 502,
  NUMBER_ACTIVATION_TIMEOUT: 502,
  SHOP_DATA_UNAVAILABLE: 502,
  DB_SAVE_FAILED: 500,
  PROVISIONING_IN_PROGRESS: 409,
  CLEANUP_IN_PROGRESS: 409,
  NOT_PROVISIONED: 409,
  VAPI_RESOURCE_GONE: 409,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = HTTP_STATUS[code];
  }
}

/** Invalid input, found before any Vapi request is made. */
export class ValidationError extends AppError {
  readonly field?: string;

  constructor(message: string, field?: string) {
    super("VALIDATION_ERROR", message);
    this.name = "ValidationError";
    this.field = field;
  }
}

/** The JSON error body of the app's API routes. */
export function errorBody(error: AppError) {
  return { success: false as const, error: { code: error.code, message: error.message }, timestamp: new Date().toISOString() };
}

/** Every 4xx/5xx body the relay sends (relay-api.md, "Errors"). */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_field: 400,
  invalid_csv: 400,
  forbidden_key: 400,
  unknown_source: 404,
  unsupported_media_type: 415,
  time_out_of_range: 422,
  blocked_address: 422,
  unresolvable_host: 422,
  unreachable_channel: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  upgrade_required: 426,
  request_timeout: 408,
  name_taken: 409,
  already_running: 409,
  job_disabled: 409,
  not_in_group: 422,
  unknown_person: 422,
  not_configured: 409,
  graph_refused: 502,
  no_free_slot: 409,
  round_exists: 409,
  calendars_unavailable: 503,
  payload_too_large: 413,
  headers_too_large: 431,
  rate_limited: 429,
  internal: 500,
  store_unavailable: 503,
  shutting_down: 503,
  over_capacity: 503,
  widget_not_built: 503,
  extension_not_built: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

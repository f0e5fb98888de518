-- wrk script for `manage.py bench --load`: stop after a number of responses (the argument after
-- `--`), then print one JSON line with the counts and the latency percentiles in microseconds.
local limit = 0
local seen = 0

function init(args)
  limit = tonumber(args[1]) or 0
end

function response(status, headers, body)
  seen = seen + 1
  if limit > 0 and seen >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

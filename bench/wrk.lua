-- One phase of the benchmark under wrk, configured through the environment by load-client.ts:
--   BENCH_METHOD         request method (GET)
--   BENCH_AUTHORIZATION  Authorization header value
--   BENCH_BODIES         JSON bodies separated by newlines, sent in turn by each thread
--   BENCH_REFRESH_TOKENS refresh tokens separated by spaces, one per thread: each thread sends
--                        its own and keeps the successor from every answer (rotation)
-- done() prints one line, "BENCH_RESULT {json}", that load-client.ts reads.

local method = os.getenv("BENCH_METHOD") or "GET"
local authorization = os.getenv("BENCH_AUTHORIZATION")
local bodies_text = os.getenv("BENCH_BODIES")
local refresh_tokens_text = os.getenv("BENCH_REFRESH_TOKENS")

local bodies = {}
if bodies_text then
  for line in bodies_text:gmatch("[^\n]+") do table.insert(bodies, line) end
end

local next_thread = 0
function setup(thread)
  if refresh_tokens_text then
    local index = 0
    for token in refresh_tokens_text:gmatch("%S+") do
      if index == next_thread then thread:set("refresh_token", token) end
      index = index + 1
    end
  end
  next_thread = next_thread + 1
end

local headers = {}
local turn = 0
function init(args)
  if authorization then headers["authorization"] = authorization end
  if #bodies > 0 or refresh_token then headers["content-type"] = "application/json" end
end

function request()
  local body = nil
  if refresh_token then
    body = '{"refresh_token":"' .. refresh_token .. '"}'
  elseif #bodies > 0 then
    turn = turn % #bodies + 1
    body = bodies[turn]
  end
  return wrk.format(method, nil, headers, body)
end

if refresh_tokens_text then
  function response(status, response_headers, body)
    if status == 200 then
      refresh_token = body:match('"refresh_token":"([^"]+)"') or refresh_token
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"failed":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status + errors.connect + errors.read + errors.write + errors.timeout))
end

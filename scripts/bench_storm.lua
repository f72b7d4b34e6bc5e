-- wrk script for scripts/bench.py's publish storm: the usual report, and how each page was answered
-- (X-Page-Cache: hit, miss = rendered and stored, stale = the copy from before while another renders).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "bench_report.lua")
local report = done

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  answered = { hit = 0, miss = 0, stale = 0, none = 0 }
end

function response(status, headers, body)
  local how = headers["X-Page-Cache"] or "none"
  answered[how] = (answered[how] or 0) + 1
end

done = function(summary, latency, requests)
  local total = { hit = 0, miss = 0, stale = 0, none = 0 }
  for _, thread in ipairs(threads) do
    for how, count in pairs(thread:get("answered")) do
      total[how] = (total[how] or 0) + count
    end
  end
  io.write(string.format('BENCH_PAGES {"hit": %d, "miss": %d, "stale": %d, "none": %d}\n',
    total.hit, total.miss, total.stale, total.none))
  report(summary, latency, requests)
end

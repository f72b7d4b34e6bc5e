-- wrk script for scripts/bench.py's cold run: every request asks for an article not asked for before.
-- Arguments: a file of paths, one a line, and the number of wrk threads. Each thread takes every
-- n-th path and stops when its share is done, so no article is asked for twice.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "bench_report.lua")

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    table.insert(paths, line)
  end
  step = tonumber(args[2])
  index = id + 1
end

function request()
  if index > #paths then
    wrk.thread:stop()
    index = id + 1
  end
  local path = paths[index]
  index = index + step
  return wrk.format("GET", path)
end

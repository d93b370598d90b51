-- For wrk: every request asks for the same path with a query string never asked before, so the
-- portal's cache of anonymous pages (keyed by the whole target) never has the answer and each
-- page is rendered and compressed anew. nginx ignores the query of a static file.
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end

local count = 0

function request()
    count = count + 1
    return wrk.format(nil, wrk.path .. "?bench=" .. id .. "-" .. count)
end

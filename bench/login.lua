-- wrk script for bench/login.sh: each connection signs in over and over as a browser does, GET
-- /login for the CSRF cookie and form token, then POST /login with them. Run with one connection
-- per thread (-t N -c N): the state below is per thread, so it is per connection.
-- The password is BENCH_PASSWORD from the environment (form-encoded by the caller).

local password = os.getenv("BENCH_PASSWORD")
local form_cookie, form_token
-- Answers to the POSTs by kind, read by done(): "login" is a 303 that sets a session cookie.
results = {}

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

local function count(kind)
    results[kind] = (results[kind] or 0) + 1
end

function request()
    if form_token == nil then
        return wrk.format("GET", "/login")
    end
    return wrk.format("POST", "/login", {
        ["Cookie"] = "csrf=" .. form_cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
    }, "csrf=" .. form_token .. "&email=bench%40example.lt&password=" .. password ..
       "&next=%2Faccount")
end

function response(status, headers, body)
    if form_token == nil then
        form_cookie = (headers["Set-Cookie"] or ""):match("csrf=([^;]+)")
        local token = body:match('name="csrf" value="([^"]+)"')
        if form_cookie and token then form_token = token else count("form_without_token") end
        return
    end
    local cookie = headers["Set-Cookie"] or ""
    if status == 303 and cookie:match("^session=") then
        count("login")
    else
        count(tostring(status))
    end
    -- The next sign-in starts from the form again, with a fresh token.
    form_token = nil
end

function done(summary, latency, requests)
    local totals = {}
    for _, thread in ipairs(threads) do
        for kind, n in pairs(thread:get("results")) do totals[kind] = (totals[kind] or 0) + n end
    end
    for kind, n in pairs(totals) do io.write(string.format("result %s %d\n", kind, n)) end
    io.write(string.format("seconds %.3f\n", summary.duration / 1e6))
end

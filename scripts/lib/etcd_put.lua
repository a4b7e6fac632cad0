-- wrk script: each request is one etcd v3 put (JSON gateway) of a 128-byte value under a fresh key.
-- Keys and the value are written directly in base64's alphabet, in groups of four characters, so
-- they are valid base64 as they stand and nothing is encoded per request.
-- usage: wrk -s etcd_put.lua URL -- PREFIX   (PREFIX: three digits, distinct per wrk process)

local prefix = "000"
local threads = 0
local value = string.rep("QUJD", 42) .. "QUI=" -- base64 of 128 bytes ("ABC" x 42, "AB")

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  if args[1] ~= nil then
    prefix = args[1]
  end
  counter = 0
end

function request()
  counter = counter + 1
  -- 16 characters: "k", the process prefix, the thread, a 11-digit counter
  local key = string.format("k%s%01d%011d", prefix, tid % 10, counter)
  return wrk.format("POST", "/v3/kv/put", {["Content-Type"] = "application/json"},
    '{"key":"' .. key .. '","value":"' .. value .. '"}')
end

function response(status, headers, body)
  if status ~= 200 then
    errors = (errors or 0) + 1
  end
end

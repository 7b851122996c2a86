"""A session of redis-py with its default settings (RESP3 via HELLO 3 in redis-py 8), printing
what each call returned, one line each. Run against a real redis-server and against txlab serve;
the two outputs must be identical. Usage: python3 redis_py_session.py PORT"""
import sys

import redis

r = redis.Redis(port=int(sys.argv[1]))
out = []
out.append(("ping", r.ping()))
out.append(("proto", r.execute_command("HELLO")[b"proto"]))
r.flushall()
out.append(("set", r.set("balance", 100)))
out.append(("get", r.get("balance")))
out.append(("hset", r.hset("h", mapping={"a": "1", "b": "2"})))
out.append(("hgetall", sorted(r.hgetall("h").items())))
out.append(("zadd", r.zadd("z", {"m": 1.5, "n": 2})))
out.append(("zscore", r.zscore("z", "m")))
out.append(("zrange withscores", r.zrange("z", 0, -1, withscores=True)))
out.append(("smembers", sorted(r.smembers("s") or [])))

# MULTI/EXEC through a pipeline, with a run-time error that fails alone
p = r.pipeline(transaction=True)
p.set("a", 1).incr("a").hset("a", "f", "v").incr("a")
out.append(("multi/exec", [type(x).__name__ + ": " + str(x) if isinstance(x, Exception) else x for x in p.execute(raise_on_error=False)]))


# WATCH, read, MULTI, write, EXEC, retried while a watched key changed (redis-py's transaction helper)
def transfer(pipe):
    balance = int(pipe.get("balance"))
    pipe.multi()
    pipe.set("balance", balance - 30)


out.append(("watch transaction", r.transaction(transfer, "balance")))
out.append(("balance", r.get("balance")))

# A script: atomic, and its error does not undo the write before it
script = r.register_script("redis.call('SET', KEYS[1], 'paid') return redis.call('INCR', KEYS[2])")
try:
    script(keys=["order", "h"])
    out.append(("script", "no error"))
except redis.ResponseError as e:
    out.append(("script error", str(e).split(" script:")[0]))
out.append(("order", r.get("order")))
out.append(("eval", r.eval("return {1, 'two', {ok='fine'}}", 0)))

# Pub/sub: the confirmation, then a message published by another connection (RESP3 pushes)
ps = r.pubsub()
ps.subscribe("news")
out.append(("subscribed", ps.get_message(timeout=2)))
out.append(("publish", r.publish("news", "hi")))
out.append(("message", ps.get_message(timeout=2)))
ps.psubscribe("n*")
out.append(("psubscribed", ps.get_message(timeout=2)))
out.append(("publish twice", r.publish("news", "again")))
out.append(("messages", [ps.get_message(timeout=2), ps.get_message(timeout=2)]))
ps.close()

# A WATCH retry observed from outside through MONITOR: what the server ran, in order
with r.monitor() as m:
    other = redis.Redis(port=int(sys.argv[1]))
    out.append(("watched transaction", other.transaction(transfer, "balance")))
    seen = []
    while len(seen) < 6:
        seen.append(m.next_command()["command"])
    out.append(("monitor", seen))
    other.close()

for name, value in out:
    print(name + ": " + repr(value))

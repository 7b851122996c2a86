# redis-py's RedisCluster against a cluster whose first node is on argv[1]:
# a hash-tagged MULTI/EXEC pipeline, and a cross-slot one refused.
import sys
from redis.cluster import RedisCluster
from redis.exceptions import RedisClusterException, ResponseError

rc = RedisCluster(host="127.0.0.1", port=int(sys.argv[1]))
print("nodes:", len(rc.get_primaries()))
rc.set("a", "1")
print("get a:", rc.get("a"))
p = rc.pipeline(transaction=True)
p.set("{user9}:name", "ann")
p.incr("{user9}:visits")
p.get("{user9}:name")
print("tx:", p.execute())
try:
    p = rc.pipeline(transaction=True)
    p.set("a", "1")
    p.set("b", "2")
    p.execute()
    print("cross-slot: ran")
except (RedisClusterException, ResponseError) as e:
    print("cross-slot refused:", type(e).__name__, "CROSSSLOT" in str(e) or "same slot" in str(e))
try:
    rc.execute_command("MSET", "a", "1", "b", "2", target_nodes=RedisCluster.PRIMARIES)
except Exception as e:
    print("mset:", str(e).split(" ")[0] if "CROSSSLOT" in str(e) else type(e).__name__)
# the server's own CROSSSLOT: MULTI/EXEC on the node of b, over b and f (same node, two slots)
node = rc.get_redis_connection(rc.get_node_from_key("b"))
try:
    p = node.pipeline(transaction=True)
    p.set("b", "1")
    p.set("f", "2")
    p.execute()
    print("server cross-slot: ran")
except ResponseError as e:
    print("server cross-slot:", type(e).__name__, str(e))
print("b after:", rc.get("b"))
rc.close()

package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.LongDouble;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.geo.GeoHash;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The geo commands, as in Redis's geo.c: a geo set is a sorted set whose scores are 52-bit
 * geohashes (engine/geo/GeoHash), so GEOADD is a ZADD of encoded scores (it runs ZADD's
 * implementation, with ZADD's checks and WATCH signals) and ZRANGE, ZREM or WATCH see geo sets as
 * the sorted sets they are. Searches scan the nine boxes around the centre in Redis's order, so
 * unsorted results come back in Redis's order too.
 */
public final class GeoCommands {
    private GeoCommands() {}

    private static final Reply.Error BAD_UNIT = Reply.error("ERR unsupported unit provided. please use M, KM, FT, MI");
    private static final Reply.Error CANNOT_DECODE = Reply.error("ERR could not decode requested zset member");

    public static List<Binding> bindings() {
        return List.of(
                bind("geoadd", GeoCommands::geoadd)
                        .teaching("Adds positions to a sorted set (the score is a 52-bit geohash)"),
                bind("geopos", GeoCommands::geopos),
                bind("geodist", GeoCommands::geodist),
                bind("geohash", GeoCommands::geohash),
                bind("georadius", ctx -> search(ctx, 1, RADIUS_COORDS)),
                bind("georadiusbymember", ctx -> search(ctx, 1, RADIUS_MEMBER)),
                bind("georadius_ro", ctx -> search(ctx, 1, RADIUS_COORDS | NO_STORE)),
                bind("georadiusbymember_ro", ctx -> search(ctx, 1, RADIUS_MEMBER | NO_STORE)),
                bind("geosearch", ctx -> search(ctx, 1, GEOSEARCH)),
                bind("geosearchstore", ctx -> search(ctx, 2, GEOSEARCH | GEOSEARCH_STORE))
                        .teaching("Stores the points found as a sorted set (scores: geohashes, or distances with STOREDIST)"));
    }

    // ---------------------------------------------------------------- argument helpers

    private static double parseDouble(CommandContext ctx, int i, Reply.Error error) {
        Double d = Numbers.parseDouble(ctx.arg(i));
        if (d == null) throw new CommandFailed(error);
        return d;
    }

    /** extractLongLatOrReply: a longitude and a latitude within Redis's limits. */
    private static double[] longLat(CommandContext ctx, int i) {
        double lon = parseDouble(ctx, i, Errors.NOT_FLOAT);
        double lat = parseDouble(ctx, i + 1, Errors.NOT_FLOAT);
        if (lon < GeoHash.LONG_MIN || lon > GeoHash.LONG_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw new CommandFailed(Reply.error("ERR invalid longitude,latitude pair " + printfF(lon) + "," + printfF(lat)));
        }
        return new double[] {lon, lat};
    }

    /** C's %f. */
    private static String printfF(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        // printf keeps the sign of -0.0 and of negatives that round to zero ("-0.000000");
        // BigDecimal has no negative zero
        if ((d < 0 || (d == 0 && 1 / d < 0)) && !s.startsWith("-")) s = "-" + s;
        return s;
    }

    /** extractUnitOrReply: meters per unit. */
    private static double unit(CommandContext ctx, int i) {
        if (ctx.isOption(i, "m")) return 1;
        if (ctx.isOption(i, "km")) return 1000;
        if (ctx.isOption(i, "ft")) return 0.3048;
        if (ctx.isOption(i, "mi")) return 1609.34;
        throw new CommandFailed(BAD_UNIT);
    }

    /** addReplyDoubleDistance: four decimals, rounded as llrint rounds (half to even). */
    static String distanceText(double d) {
        if (d == 0) return "0.0000";
        long scaled = (long) Math.rint(d * 10000.0);
        boolean negative = scaled < 0;
        String digits = Long.toString(Math.abs(scaled));
        while (digits.length() < 5) digits = "0" + digits;
        String text = digits.substring(0, digits.length() - 4) + "." + digits.substring(digits.length() - 4);
        return negative ? "-" + text : text;
    }

    /** addReplyHumanLongDouble: a bulk string in RESP2, a double in RESP3, both as %.17Lf trimmed. */
    private static Reply coordinate(double d) {
        return new Reply.Double(d, LongDouble.formatHuman(new BigDecimal(d)));
    }

    private static double[] position(SortedSetValue z, Key member) {
        Double score = z == null ? null : z.score(member);
        return score == null ? null : GeoHash.decodeScore(score);
    }

    // ---------------------------------------------------------------- GEOADD, GEOPOS, GEODIST, GEOHASH

    /** GEOADD key [NX|XX] [CH] longitude latitude member ...: rewritten as ZADD and run as ZADD. */
    private static Reply geoadd(CommandContext ctx) {
        boolean nx = false, xx = false;
        int longIdx = 2;
        for (; longIdx < ctx.argc(); longIdx++) {
            if (ctx.isOption(longIdx, "nx")) nx = true;
            else if (ctx.isOption(longIdx, "xx")) xx = true;
            else if (!ctx.isOption(longIdx, "ch")) break;
        }
        if ((ctx.argc() - longIdx) % 3 != 0 || (xx && nx)) return Errors.SYNTAX;
        int elements = (ctx.argc() - longIdx) / 3;
        List<byte[]> zadd = new ArrayList<>(ctx.argv().subList(0, longIdx));
        zadd.set(0, Bytes.utf8("zadd"));
        for (int i = 0; i < elements; i++) {
            double[] xy = longLat(ctx, longIdx + i * 3);
            long score = GeoHash.align52(GeoHash.encode(xy[0], xy[1], GeoHash.STEP_MAX));
            zadd.add(Bytes.ascii(score));
            zadd.add(ctx.arg(longIdx + i * 3 + 2));
        }
        Reply reply = SortedSetCommands.zadd(ctx.withArgv(zadd), false);
        ctx.propagateAs(zadd); // replicas get the ZADD, scores computed once
        return reply;
    }

    private static Reply geopos(CommandContext ctx) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        List<Reply> out = new ArrayList<>();
        for (int j = 2; j < ctx.argc(); j++) {
            double[] xy = position(z, ctx.key(j));
            out.add(xy == null ? Reply.NIL_ARRAY : Reply.array(List.of(coordinate(xy[0]), coordinate(xy[1]))));
        }
        return Reply.array(out);
    }

    private static Reply geodist(CommandContext ctx) {
        double toMeters = 1;
        if (ctx.argc() == 5) toMeters = unit(ctx, 4);
        else if (ctx.argc() > 5) return Errors.SYNTAX;
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.NIL;
        Double s1 = z.score(ctx.key(2));
        Double s2 = z.score(ctx.key(3));
        if (s1 == null || s2 == null) return Reply.NIL;
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        if (a == null || b == null) return Reply.NIL;
        return Reply.bulk(distanceText(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeters));
    }

    private static Reply geohash(CommandContext ctx) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        List<Reply> out = new ArrayList<>();
        for (int j = 2; j < ctx.argc(); j++) {
            double[] xy = position(z, ctx.key(j));
            out.add(xy == null ? Reply.NIL : Reply.bulk(GeoHash.standardGeohash(xy[0], xy[1])));
        }
        return Reply.array(out);
    }

    // ---------------------------------------------------------------- searches

    private static final int RADIUS_COORDS = 1;
    private static final int RADIUS_MEMBER = 2;
    private static final int NO_STORE = 4;
    private static final int GEOSEARCH = 8;
    private static final int GEOSEARCH_STORE = 16;

    private record Point(double longitude, double latitude, double distance, double score, Key member) {}

    /** georadiusGeneric: GEORADIUS[BYMEMBER][_RO], GEOSEARCH and GEOSEARCHSTORE. */
    private static Reply search(CommandContext ctx, int srcIndex, int flags) {
        SortedSetValue z = ctx.lookup(ctx.key(srcIndex), SortedSetValue.class);
        Key storeKey = null;
        boolean storeDist = false;
        int baseArgs;
        double[] centre = null;
        boolean circle = false;
        double radius = 0, width = 0, height = 0, conversion = 0;
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            circle = true;
            centre = longLat(ctx, 2);
            radius = distanceArg(ctx, 4);
            conversion = unit(ctx, 5);
        } else if ((flags & RADIUS_MEMBER) != 0 && z == null) {
            baseArgs = 5; // no source: only the options are parsed, to choose the empty reply
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            circle = true;
            centre = position(z, ctx.key(2));
            if (centre == null) return CANNOT_DECODE;
            radius = distanceArg(ctx, 3);
            conversion = unit(ctx, 4);
        } else {
            baseArgs = 2;
            if ((flags & GEOSEARCH_STORE) != 0) {
                baseArgs = 3;
                storeKey = ctx.key(1);
            }
        }

        boolean withDist = false, withHash = false, withCoords = false;
        boolean fromMember = false, fromLoc = false, byRadius = false, byBox = false;
        int sort = 0; // 0 none, 1 ascending, 2 descending
        boolean any = false;
        long count = 0;
        int remaining = ctx.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int at = baseArgs + i;
            if (ctx.isOption(at, "withdist")) withDist = true;
            else if (ctx.isOption(at, "withhash")) withHash = true;
            else if (ctx.isOption(at, "withcoord")) withCoords = true;
            else if (ctx.isOption(at, "any")) any = true;
            else if (ctx.isOption(at, "asc")) sort = 1;
            else if (ctx.isOption(at, "desc")) sort = 2;
            else if (ctx.isOption(at, "count") && i + 1 < remaining) {
                count = ctx.longArg(at + 1);
                if (count <= 0) return Reply.error("ERR COUNT must be > 0");
                i++;
            } else if (ctx.isOption(at, "store") && i + 1 < remaining && (flags & (NO_STORE | GEOSEARCH)) == 0) {
                storeKey = ctx.key(at + 1);
                storeDist = false;
                i++;
            } else if (ctx.isOption(at, "storedist") && i + 1 < remaining && (flags & (NO_STORE | GEOSEARCH)) == 0) {
                storeKey = ctx.key(at + 1);
                storeDist = true;
                i++;
            } else if (ctx.isOption(at, "storedist") && (flags & GEOSEARCH) != 0 && (flags & GEOSEARCH_STORE) != 0) {
                storeDist = true;
            } else if (ctx.isOption(at, "frommember") && i + 1 < remaining && (flags & GEOSEARCH) != 0 && !fromLoc) {
                if (z != null) {
                    centre = position(z, ctx.key(at + 1));
                    if (centre == null) return CANNOT_DECODE;
                }
                fromMember = true;
                i++;
            } else if (ctx.isOption(at, "fromlonlat") && i + 2 < remaining && (flags & GEOSEARCH) != 0 && !fromMember) {
                centre = longLat(ctx, at + 1);
                fromLoc = true;
                i += 2;
            } else if (ctx.isOption(at, "byradius") && i + 2 < remaining && (flags & GEOSEARCH) != 0 && !byBox) {
                radius = distanceArg(ctx, at + 1);
                conversion = unit(ctx, at + 2);
                circle = true;
                byRadius = true;
                i += 2;
            } else if (ctx.isOption(at, "bybox") && i + 3 < remaining && (flags & GEOSEARCH) != 0 && !byRadius) {
                width = parseDouble(ctx, at + 1, Reply.error("ERR need numeric width"));
                height = parseDouble(ctx, at + 2, Reply.error("ERR need numeric height"));
                if (height < 0 || width < 0) return Reply.error("ERR height or width cannot be negative");
                conversion = unit(ctx, at + 3);
                circle = false;
                byBox = true;
                i += 3;
            } else {
                return Errors.SYNTAX;
            }
        }

        if (storeKey != null && (withDist || withHash || withCoords)) {
            return Reply.error("ERR " + ((flags & GEOSEARCH_STORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        String name = new String(ctx.arg(0), java.nio.charset.StandardCharsets.ISO_8859_1);
        if ((flags & GEOSEARCH) != 0 && !(fromMember || fromLoc)) {
            return Reply.error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + name);
        }
        if ((flags & GEOSEARCH) != 0 && !(byRadius || byBox)) {
            return Reply.error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + name);
        }
        if (any && count == 0) return Reply.error("ERR the ANY argument requires COUNT argument");

        if (z == null) {
            if (storeKey != null) return SortedSetCommands.deleteDestination(ctx, storeKey);
            return Reply.array(List.of());
        }
        if (count != 0 && sort == 0 && !any) sort = 1;

        GeoHash.Shape shape = new GeoHash.Shape(centre[0], centre[1], circle, radius, width, height, conversion);
        List<Point> found = pointsInShape(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) return Reply.array(List.of());
        int returned = count == 0 || found.size() < count ? found.size() : (int) count;
        if (sort != 0) {
            // sort_gp_asc / sort_gp_desc; georadiusGeneric sorts everything with qsort (glibc's is a
            // stable merge sort) but only the first COUNT with pqsort, which leaves ties its own way
            Comparator<Point> asc = (p, q) -> p.distance() > q.distance() ? 1 : p.distance() == q.distance() ? 0 : -1;
            Comparator<Point> order = sort == 1 ? asc : (p, q) -> -asc.compare(p, q);
            if (returned == found.size()) found.sort(order);
            else PartialQuickSort.sort(found, order, 0, returned - 1);
        }

        if (storeKey == null) {
            List<Reply> out = new ArrayList<>(returned);
            for (Point p : found.subList(0, returned)) {
                if (!withDist && !withHash && !withCoords) {
                    out.add(Reply.bulk(p.member().bytes()));
                    continue;
                }
                List<Reply> item = new ArrayList<>();
                item.add(Reply.bulk(p.member().bytes()));
                if (withDist) item.add(Reply.bulk(distanceText(p.distance() / conversion)));
                if (withHash) item.add(Reply.integer((long) p.score()));
                if (withCoords) item.add(Reply.array(List.of(coordinate(p.longitude()), coordinate(p.latitude()))));
                out.add(Reply.array(item));
            }
            return Reply.array(out);
        }
        if (returned == 0) return SortedSetCommands.deleteDestination(ctx, storeKey);
        SortedSetValue result = SortedSetValue.skiplist();
        for (Point p : found.subList(0, returned)) {
            result.put(p.member(), storeDist ? p.distance() / conversion : p.score());
        }
        result.convertToListpackIfFits(SortedSetCommands.limits(ctx));
        SortedSetCommands.storeResult(ctx, storeKey, result,
                (flags & GEOSEARCH) != 0 ? "geosearchstore" : "georadiusstore");
        return Reply.integer(returned);
    }

    /** extractDistanceOrReply's number: a radius that is a float and not negative. */
    private static double distanceArg(CommandContext ctx, int i) {
        double d = parseDouble(ctx, i, Reply.error("ERR need numeric radius"));
        if (d < 0) throw new CommandFailed(Reply.error("ERR radius cannot be negative"));
        return d;
    }

    /** membersOfAllNeighbors: the nine boxes in order, skipping a box equal to the last one scanned. */
    private static List<Point> pointsInShape(SortedSetValue z, GeoHash.Shape shape, long limit) {
        GeoHash.Bits[] boxes = GeoHash.searchBoxes(shape);
        List<Point> found = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < boxes.length; i++) {
            GeoHash.Bits box = boxes[i];
            if (box.bits() == 0 && box.step() == 0) continue;
            if (lastProcessed != 0 && box.equals(boxes[lastProcessed])) continue;
            if (!found.isEmpty() && limit != 0 && found.size() >= limit) break;
            double[] range = GeoHash.scoreRange(box);
            for (SortedSetValue.Entry e : z.entries().tailSet(new SortedSetValue.Entry(range[0], Key.of(new byte[0])), true)) {
                if (e.score() >= range[1]) break;
                double[] xy = GeoHash.decodeScore(e.score());
                if (xy != null) {
                    double d = shape.distanceIfWithin(xy[0], xy[1]);
                    if (d >= 0) found.add(new Point(xy[0], xy[1], d, e.score(), e.member()));
                }
                if (!found.isEmpty() && limit != 0 && found.size() >= limit) break;
            }
            lastProcessed = i;
        }
        return found;
    }
}

package dev.txlab.engine.geo;

/**
 * Redis's geohash arithmetic (geohash.c and geohash_helper.c): a position is a 52-bit interleave
 * of 26 bits of latitude (the even bits) and 26 of longitude, over the Web Mercator bounds
 * (latitudes within +-85.05112878), stored as a sorted-set score. A search covers its shape with
 * the geohash box of the centre and its eight neighbours at a step estimated from the radius,
 * then filters points by the haversine distance on a sphere of Redis's radius.
 *
 * <p>StrictMath keeps the trigonometry the same on every machine; it and glibc agree to the last
 * bit on nearly all inputs, and distances are printed to four decimals.
 */
public final class GeoHash {
    private GeoHash() {}

    public static final int STEP_MAX = 26;
    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LONG_MIN = -180;
    public static final double LONG_MAX = 180;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    /** A hash of {@code step} bits per axis; bits == 0 and step == 0 means "no box". */
    public record Bits(long bits, int step) {
        static final Bits ZERO = new Bits(0, 0);

        boolean isZero() { return bits == 0 && step == 0; }
    }

    /** A decoded box. */
    record Area(double longMin, double longMax, double latMin, double latMax) {}

    // ---------------------------------------------------------------- bit interleaving

    /** Spreads the low 32 bits of v to the even bit positions. */
    private static long spread(long v) {
        v &= 0xffffffffL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** Gathers the even bit positions into the low 32 bits. */
    private static long squash(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    // ---------------------------------------------------------------- encode / decode

    /** geohashEncode over the given ranges; null outside them or Redis's limits. */
    static Bits encode(double longitude, double latitude, int step,
                       double longMin, double longMax, double latMin, double latMax) {
        if (step > 32 || step == 0) return null;
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) return null;
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) return null;
        double latOffset = (latitude - latMin) / (latMax - latMin) * (double) (1L << step);
        double longOffset = (longitude - longMin) / (longMax - longMin) * (double) (1L << step);
        return new Bits(spread(toUint32(latOffset)) | (spread(toUint32(longOffset)) << 1), step);
    }

    /** C's conversion of a non-negative double to uint32_t. */
    private static long toUint32(double d) { return ((long) d) & 0xffffffffL; }

    /** A WGS84 position as Redis encodes it for a score (step 26). */
    public static Bits encode(double longitude, double latitude, int step) {
        return encode(longitude, latitude, step, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX);
    }

    /** geohashAlign52Bits: the hash as a 52-bit score. */
    public static long align52(Bits hash) { return hash.bits() << (52 - hash.step() * 2); }

    static Area decode(Bits hash, double longMin, double longMax, double latMin, double latMax) {
        long lat = squash(hash.bits());
        long lon = squash(hash.bits() >>> 1);
        double cells = (double) (1L << hash.step());
        double latScale = latMax - latMin;
        double longScale = longMax - longMin;
        return new Area(
                longMin + (lon * 1.0 / cells) * longScale,
                longMin + ((lon + 1) * 1.0 / cells) * longScale,
                latMin + (lat * 1.0 / cells) * latScale,
                latMin + ((lat + 1) * 1.0 / cells) * latScale);
    }

    static Area decode(Bits hash) { return decode(hash, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX); }

    /** decodeGeohash: a score back to {longitude, latitude}, the centre of its box; null if it cannot be. */
    public static double[] decodeScore(double score) {
        Bits hash = new Bits(toUint64(score), STEP_MAX);
        if (hash.isZero()) return null;
        Area area = decode(hash);
        double lon = Math.min(LONG_MAX, Math.max(LONG_MIN, (area.longMin() + area.longMax()) / 2));
        double lat = Math.min(LAT_MAX, Math.max(LAT_MIN, (area.latMin() + area.latMax()) / 2));
        return new double[] {lon, lat};
    }

    /**
     * C's (uint64_t) conversion of a score as gcc compiles it on x86-64: below 2^63 a signed
     * cvttsd2si, else cvttsd2si of d - 2^63 with the top bit flipped. cvttsd2si answers
     * 0x8000000000000000 for what does not fit (Java's cast saturates instead), so a score of
     * 2^64 or more, +inf included, converts to 0, and -inf to 2^63.
     */
    private static long toUint64(double d) {
        if (d >= 0x1p63) return cvttsd2si(d - 0x1p63) ^ Long.MIN_VALUE;
        return cvttsd2si(d);
    }

    /** x86's cvttsd2si: truncation, or 0x8000000000000000 for NaN and values out of range. */
    private static long cvttsd2si(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) return Long.MIN_VALUE;
        return (long) d;
    }

    /** GEOHASH's 11-character standard geohash (re-encoded over latitudes +-90). */
    public static String standardGeohash(double longitude, double latitude) {
        Bits hash = encode(longitude, latitude, STEP_MAX, -180, 180, -90, 90);
        long bits = hash == null ? 0 : hash.bits();
        String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        StringBuilder out = new StringBuilder(11);
        for (int i = 0; i < 11; i++) {
            int index = i == 10 ? 0 : (int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f);
            out.append(alphabet.charAt(index));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- neighbours

    private static Bits moveX(Bits hash, int d) {
        if (d == 0) return hash;
        long x = hash.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits() & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - hash.step() * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step() * 2));
        return new Bits(x | y, hash.step());
    }

    private static Bits moveY(Bits hash, int d) {
        if (d == 0) return hash;
        long x = hash.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits() & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step() * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - hash.step() * 2));
        return new Bits(x | y, hash.step());
    }

    // ---------------------------------------------------------------- distances

    private static double degRad(double deg) { return deg * D_R; }

    private static double radDeg(double rad) { return rad / D_R; }

    static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
    }

    /** The haversine distance in meters. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = degRad(lon1);
        double lon2r = degRad(lon2);
        double v = StrictMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) return latDistance(lat1, lat2);
        double lat1r = degRad(lat1);
        double lat2r = degRad(lat2);
        double u = StrictMath.sin((lat2r - lat1r) / 2);
        double a = u * u + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(StrictMath.sqrt(a));
    }

    // ---------------------------------------------------------------- search areas

    /** A search shape: a circle of radius, or a width x height box, in the unit given by conversion (meters per unit). */
    public record Shape(double longitude, double latitude, boolean circle, double radius,
                        double width, double height, double conversion) {

        /** geoWithinShape: the distance to the centre if the point is inside, else -1. */
        public double distanceIfWithin(double lon, double lat) {
            if (circle) {
                double d = distance(longitude, latitude, lon, lat);
                return d > radius * conversion ? -1 : d;
            }
            double w = width * conversion;
            double h = height * conversion;
            if (latDistance(lat, latitude) > h / 2) return -1;
            if (distance(lon, lat, longitude, lat) > w / 2) return -1;
            return distance(longitude, latitude, lon, lat);
        }
    }

    static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) return 26;
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) step--;
        }
        return Math.max(1, Math.min(26, step));
    }

    /**
     * geohashCalculateAreasByShapeWGS84: the boxes to scan, in Redis's order (centre, N, S, E, W,
     * NE, NW, SE, SW), with Bits.ZERO for those excluded.
     */
    public static Bits[] searchBoxes(Shape shape) {
        double longitude = shape.longitude();
        double latitude = shape.latitude();
        double height = shape.conversion() * (shape.circle() ? shape.radius() : shape.height() / 2);
        double width = shape.conversion() * (shape.circle() ? shape.radius() : shape.width() / 2);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / StrictMath.cos(degRad(latitude + latDelta)));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / StrictMath.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        double minLon = southern ? longitude - longDeltaBottom : longitude - longDeltaTop;
        double maxLon = southern ? longitude + longDeltaBottom : longitude + longDeltaTop;
        double minLat = latitude - latDelta;
        double maxLat = latitude + latDelta;

        double radiusMeters = shape.circle() ? shape.radius()
                : Math.sqrt((shape.width() / 2) * (shape.width() / 2) + (shape.height() / 2) * (shape.height() / 2));
        radiusMeters *= shape.conversion();
        int steps = estimateStepsByRadius(radiusMeters, latitude);
        Bits hash = encodeOrZero(longitude, latitude, steps);
        Bits[] n = neighbours(hash);
        Area north = decodeOrZero(n[1]);
        Area south = decodeOrZero(n[2]);
        Area east = decodeOrZero(n[3]);
        Area west = decodeOrZero(n[4]);
        boolean decrease = north.latMax() < maxLat || south.latMin() > minLat
                || east.longMax() < maxLon || west.longMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encodeOrZero(longitude, latitude, steps);
            n = neighbours(hash);
        }
        Area area = decodeOrZero(hash);
        if (steps >= 2) {
            if (area.latMin() < minLat) { n[2] = Bits.ZERO; n[8] = Bits.ZERO; n[7] = Bits.ZERO; }
            if (area.latMax() > maxLat) { n[1] = Bits.ZERO; n[5] = Bits.ZERO; n[6] = Bits.ZERO; }
            if (area.longMin() < minLon) { n[4] = Bits.ZERO; n[8] = Bits.ZERO; n[6] = Bits.ZERO; }
            if (area.longMax() > maxLon) { n[3] = Bits.ZERO; n[7] = Bits.ZERO; n[5] = Bits.ZERO; }
        }
        return n;
    }

    /** Redis encodes in place and leaves bits 0 (with the step set) when a position cannot be encoded. */
    private static Bits encodeOrZero(double longitude, double latitude, int step) {
        Bits b = encode(longitude, latitude, step);
        return b != null ? b : new Bits(0, step);
    }

    /** geohashDecode leaves the area zeroed for a zero hash. */
    private static Area decodeOrZero(Bits hash) {
        return hash.isZero() ? new Area(0, 0, 0, 0) : decode(hash);
    }

    /** {centre, north, south, east, west, north-east, north-west, south-east, south-west}. */
    private static Bits[] neighbours(Bits hash) {
        return new Bits[] {
            hash,
            moveY(moveX(hash, 0), 1),
            moveY(moveX(hash, 0), -1),
            moveY(moveX(hash, 1), 0),
            moveY(moveX(hash, -1), 0),
            moveY(moveX(hash, 1), 1),
            moveY(moveX(hash, -1), 1),
            moveY(moveX(hash, 1), -1),
            moveY(moveX(hash, -1), -1),
        };
    }

    /** scoresOfGeoHashBox: the score range [min, max) of every point inside the box. */
    public static double[] scoreRange(Bits box) {
        long min = align52(box);
        long max = align52(new Bits(box.bits() + 1, box.step()));
        return new double[] {min, max};
    }
}

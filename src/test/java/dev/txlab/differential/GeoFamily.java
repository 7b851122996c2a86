package dev.txlab.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * Geo sets: GEOADD with its options, GEOPOS, GEODIST, GEOHASH and every search form
 * (GEORADIUS[BYMEMBER][_RO], GEOSEARCH, GEOSEARCHSTORE) with random shapes, units and options,
 * including results left unsorted (their order comes from the geohash boxes scanned), COUNT with
 * ANY, STORE/STOREDIST and the argument errors. Points cluster around a few cities, with some far
 * off and some near the poles' limits, so boxes, neighbours and radius steps all vary.
 */
final class GeoFamily implements SessionGenerator.Family {

    private static final String[] OWN_KEYS = {"geo1", "geo2", "geo3"};
    private static final double[][] CITIES = {
        {13.361389, 38.115556}, {15.087269, 37.502669}, {2.35, 48.85}, {-0.12, 51.5},
        {-122.42, 37.77}, {139.69, 35.69}, {179.9, -16.5}, {-179.9, 65.0}, {0, 0}, {10, 85.0},
    };
    private static final String[] UNITS = {"m", "km", "mi", "ft", "KM", "yd"};
    private static final String[] RADII = {"1", "10", "150", "1000", "5000", "0", "-1", "x", "20000"};

    private static String key(SessionGenerator g) { return g.random.nextInt(10) < 8 ? g.pick(OWN_KEYS) : g.key(); }

    private static String member(SessionGenerator g) { return "p" + g.random.nextInt(12); }

    private static String[] coords(SessionGenerator g) {
        double[] c = CITIES[g.random.nextInt(CITIES.length)];
        double spread = new double[] {0.0, 0.01, 1.0, 5.0}[g.random.nextInt(4)];
        double lon = Math.max(-180, Math.min(180, c[0] + (g.random.nextDouble() - 0.5) * spread));
        double lat = Math.max(-85, Math.min(85, c[1] + (g.random.nextDouble() - 0.5) * spread));
        if (g.random.nextInt(30) == 0) return new String[] {g.pick("181", "x", "nan", "-180", "180"), g.pick("86", "0", "-85.05112878", "85.06")};
        return new String[] {String.format(java.util.Locale.ROOT, "%.6f", lon), String.format(java.util.Locale.ROOT, "%.6f", lat)};
    }

    private static List<String> options(SessionGenerator g, boolean store) {
        List<String> o = new ArrayList<>();
        for (int i = g.random.nextInt(4); i > 0; i--) {
            switch (g.random.nextInt(store ? 9 : 7)) {
                case 0: o.add("WITHDIST"); break;
                case 1: o.add("WITHCOORD"); break;
                case 2: o.add("WITHHASH"); break;
                case 3: o.add(g.pick("ASC", "DESC")); break;
                case 4: o.add("COUNT"); o.add(g.pick("1", "2", "5", "0", "-1", "x")); break;
                case 5: o.add("COUNT"); o.add(g.pick("1", "3")); o.add("ANY"); break;
                case 6: o.add(g.pick("ANY", "BOGUS")); break;
                default: o.add(g.pick("STORE", "STOREDIST")); o.add(key(g)); break;
            }
        }
        return o;
    }

    private static List<byte[]> command(List<String> parts) { return SessionGenerator.args(parts.toArray(String[]::new)); }

    @Override
    public List<byte[]> command(SessionGenerator g) {
        String k = key(g);
        List<String> c = new ArrayList<>();
        switch (g.random.nextInt(12)) {
            case 0: case 1: case 2: {
                c.add("GEOADD");
                c.add(k);
                if (g.random.nextInt(4) == 0) c.add(g.pick("NX", "XX", "CH", "GT"));
                for (int i = 1 + g.random.nextInt(4); i > 0; i--) {
                    String[] xy = coords(g);
                    c.add(xy[0]);
                    c.add(xy[1]);
                    c.add(member(g));
                }
                if (g.random.nextInt(20) == 0) c.remove(c.size() - 1);
                return command(c);
            }
            case 3: return SessionGenerator.args("GEOPOS", k, member(g), member(g));
            case 4: return SessionGenerator.args("GEODIST", k, member(g), member(g), g.pick(UNITS));
            case 5: return SessionGenerator.args("GEOHASH", k, member(g), member(g));
            case 6: case 7: {
                String[] xy = coords(g);
                c.addAll(List.of(g.pick("GEORADIUS", "GEORADIUS_RO"), k, xy[0], xy[1], g.pick(RADII), g.pick(UNITS)));
                c.addAll(options(g, true));
                return command(c);
            }
            case 8: {
                c.addAll(List.of(g.pick("GEORADIUSBYMEMBER", "GEORADIUSBYMEMBER_RO"), k, member(g), g.pick(RADII), g.pick(UNITS)));
                c.addAll(options(g, true));
                return command(c);
            }
            default: {
                boolean store = g.random.nextInt(3) == 0;
                c.add(store ? "GEOSEARCHSTORE" : "GEOSEARCH");
                if (store) c.add(key(g));
                c.add(k);
                if (g.random.nextInt(8) != 0) {
                    if (g.random.nextBoolean()) {
                        c.add("FROMMEMBER");
                        c.add(member(g));
                    } else {
                        String[] xy = coords(g);
                        c.addAll(List.of("FROMLONLAT", xy[0], xy[1]));
                    }
                }
                if (g.random.nextInt(8) != 0) {
                    if (g.random.nextBoolean()) c.addAll(List.of("BYRADIUS", g.pick(RADII), g.pick(UNITS)));
                    else c.addAll(List.of("BYBOX", g.pick(RADII), g.pick(RADII), g.pick(UNITS)));
                }
                List<String> o = options(g, false);
                if (store && g.random.nextBoolean()) o.add("STOREDIST");
                c.addAll(o);
                return command(c);
            }
        }
    }
}

package dev.txlab.remote;

import java.net.URI;
import java.net.URISyntaxException;

/** {@code redis://[user:pass@]host:port[/db]}, as --against takes it. */
public record RedisUri(String host, int port, String user, String password, int db) {

    private static final String FORM = "redis://host:port[/db]";

    /**
     * Parses an address as typed on the command line. Anything else (a bad or missing port, no
     * host, a database that is not a number from 0 up, a query or a fragment, plain garbage) is an
     * IllegalArgumentException whose message is one line saying what is wrong.
     */
    public static RedisUri parse(String text) {
        String shown = printable(text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalArgumentException("not a redis:// address: " + shown + " (expected " + FORM + ")");
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            throw new IllegalArgumentException("expected " + FORM + ", got " + shown);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // java.net.URI leaves the host unset when the authority is not host[:port] (a port that is not a number).
            String authority = uri.getRawAuthority();
            throw new IllegalArgumentException((authority == null || authority.isEmpty() || authority.endsWith("@")
                    ? "no host in " : "expected host[:port] with a port from 1 to 65535 in ") + shown);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a redis:// address has no ?query or #fragment: " + shown);
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        if (port < 1 || port > 65535 || (uri.getPort() < 0 && uri.getRawAuthority().endsWith(":"))) {
            throw new IllegalArgumentException("the port must be from 1 to 65535: " + shown);
        }
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) password = info;
            else {
                user = info.substring(0, colon).isEmpty() ? null : info.substring(0, colon);
                password = info.substring(colon + 1);
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            String number = path.substring(1);
            if (!number.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("the database must be a number from 0 up: " + shown);
            }
            db = Integer.parseInt(number);
        }
        return new RedisUri(uri.getHost(), port, user, password, db);
    }

    /** The address for a message: control characters escaped, and not endless. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (c < 32 || c == 127) out.append(String.format("\\x%02x", (int) c));
            else out.append(c);
        }
        if (out.length() >= 200) out.append("...");
        return out.toString();
    }

    @Override public String toString() { return "redis://" + host + ":" + port + (db == 0 ? "" : "/" + db); }
}

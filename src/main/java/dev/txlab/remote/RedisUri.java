package dev.txlab.remote;

import java.net.URI;
import java.net.URISyntaxException;

/** {@code redis://[user:pass@]host:port[/db]}, as --against takes it. */
public record RedisUri(String host, int port, String user, String password, int db) {

    public static RedisUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a redis:// address: " + text);
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected redis://host:port[/db], got " + text);
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
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
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("database must be a number: " + text);
            }
        }
        return new RedisUri(uri.getHost(), port, user, password, db);
    }

    @Override public String toString() { return "redis://" + host + ":" + port + (db == 0 ? "" : "/" + db); }
}

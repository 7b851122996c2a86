package dev.txlab.lesson;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A fresh in-memory H2 database for one {@code ```sql} block: one JDBC connection per label,
 * opened on first use, in auto-commit mode until the client says {@code BEGIN}. Results are
 * printed in a small, stable text form (see {@link #run}) so that a block's expected output can
 * be checked like a transcript's. The database disappears when the last connection closes.
 */
public final class SqlDatabase implements AutoCloseable {
    private static final AtomicLong NEXT = new AtomicLong();
    /** H2 appends "; SQL statement: ..." and an error code in brackets; the learner needs neither. */
    private static final Pattern STATEMENT_SUFFIX = Pattern.compile("(?s);\\s*SQL statement:.*$");
    private static final Pattern CODE_SUFFIX = Pattern.compile("\\s*\\[\\d+-\\d+]\\s*$");

    private final String url = "jdbc:h2:mem:txlab-lesson-" + NEXT.incrementAndGet();
    private final Map<String, Connection> connections = new LinkedHashMap<>();

    private Connection connection(String label) throws SQLException {
        Connection c = connections.get(label);
        if (c == null) {
            c = new org.h2.Driver().connect(url, new Properties());
            connections.put(label, c);
        }
        return c;
    }

    /**
     * Runs one statement as {@code label} and returns what it printed:
     * a query's rows as {@code COL | COL} lines under a header and a rule, then {@code (N rows)};
     * {@code INSERT 2} / {@code UPDATE 1} / {@code DELETE 0} for those statements; {@code OK}
     * for anything else; and {@code ERROR <SQLSTATE>: <message>} when the database refuses.
     */
    public List<String> run(String label, String statement) {
        try (Statement st = connection(label).createStatement()) {
            if (st.execute(statement)) {
                try (ResultSet rs = st.getResultSet()) {
                    return table(rs);
                }
            }
            String verb = firstWord(statement);
            int count = st.getUpdateCount();
            if (verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE") || verb.equals("MERGE")) {
                return List.of(verb + " " + count);
            }
            return List.of("OK");
        } catch (SQLException e) {
            return List.of("ERROR " + e.getSQLState() + ": " + message(e));
        }
    }

    /**
     * Runs a step of a {@code ```sql} block, whose text is a Latin-1 byte string as transcripts
     * hold it; returns the lines the same way, so they compare byte for byte with the block.
     */
    public List<String> runStep(String label, String latin1Statement) {
        String statement = new String(latin1Statement.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : run(label, statement)) out.add(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        return out;
    }

    static String message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = STATEMENT_SUFFIX.matcher(m).replaceFirst("");
        m = CODE_SUFFIX.matcher(m).replaceFirst("");
        return m.replace('\n', ' ').strip();
    }

    private static String firstWord(String statement) {
        String s = statement.strip();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
        return s.substring(0, end).toUpperCase(Locale.ROOT);
    }

    private static List<String> table(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int columns = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns];
        for (int i = 0; i < columns; i++) header[i] = md.getColumnLabel(i + 1);
        rows.add(header);
        while (rs.next()) {
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? "NULL" : v;
            }
            rows.add(row);
        }
        int[] width = new int[columns];
        for (String[] row : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], row[i].length());
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            out.add(line(rows.get(r), width));
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                out.add(rule.toString());
            }
        }
        int n = rows.size() - 1;
        out.add("(" + n + (n == 1 ? " row)" : " rows)"));
        return out;
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(" | ");
            b.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
        }
        return b.toString().stripTrailing();
    }

    @Override public void close() {
        for (Connection c : connections.values()) {
            try {
                c.close();
            } catch (SQLException e) {
                // An in-memory database: nothing is lost by a failed close.
            }
        }
        connections.clear();
    }
}

package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDatabaseTest {

    @Test
    void queriesPrintAHeaderARuleTheRowsAndACount() {
        try (SqlDatabase db = new SqlDatabase()) {
            assertEquals(List.of("OK"), db.run("A", "CREATE TABLE t (name VARCHAR(10), n INT)"));
            assertEquals(List.of("INSERT 2"), db.run("A", "INSERT INTO t VALUES ('alice', 30), ('bob', NULL)"));
            assertEquals(List.of("NAME  | N", "------+-----", "alice | 30", "bob   | NULL", "(2 rows)"),
                    db.run("A", "SELECT name, n FROM t ORDER BY name"));
            assertEquals(List.of("ONE", "---", "1", "(1 row)"), db.run("A", "SELECT 1 AS one"));
            assertEquals(List.of("UPDATE 0"), db.run("A", "update t set n = 1 where name = 'nobody'"));
            assertEquals(List.of("DELETE 1"), db.run("A", "DELETE FROM t WHERE name = 'bob'"));
        }
    }

    @Test
    void errorsAreOneLineWithTheSqlStateAndWithoutTheStatementEcho() {
        try (SqlDatabase db = new SqlDatabase()) {
            db.run("A", "CREATE TABLE t (n INT CONSTRAINT positive CHECK (n > 0))");
            assertEquals(List.of("ERROR 23513: Check constraint violation: \"POSITIVE: \""), db.run("A", "INSERT INTO t VALUES (-1)"));
            assertEquals(List.of("ERROR 42S22: Column \"NOPE\" not found"), db.run("A", "SELECT nope FROM t"));
        }
    }

    @Test
    void eachLabelIsAConnectionAndUncommittedWritesAreTheirsAlone() {
        try (SqlDatabase db = new SqlDatabase()) {
            db.run("A", "CREATE TABLE t (n INT)");
            db.run("A", "INSERT INTO t VALUES (1)");
            db.run("A", "BEGIN");
            db.run("A", "UPDATE t SET n = 2");
            assertEquals(List.of("N", "-", "2", "(1 row)"), db.run("A", "SELECT n FROM t"));
            assertEquals(List.of("N", "-", "1", "(1 row)"), db.run("B", "SELECT n FROM t"));
            assertEquals(List.of("OK"), db.run("A", "ROLLBACK"));
            assertEquals(List.of("N", "-", "1", "(1 row)"), db.run("A", "SELECT n FROM t"));
        }
    }

    @Test
    void everyDatabaseStartsEmpty() {
        try (SqlDatabase first = new SqlDatabase(); SqlDatabase second = new SqlDatabase()) {
            first.run("A", "CREATE TABLE t (n INT)");
            assertEquals(List.of("OK"), second.run("A", "CREATE TABLE t (n INT)"));
        }
    }
}

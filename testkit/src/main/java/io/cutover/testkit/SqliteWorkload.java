package io.cutover.testkit;

import java.util.Random;

/**
 * SQL for a database holding every table kind (AUTOINCREMENT, WITHOUT ROWID composite key, rowid
 * composite key, no key, a name with quotes, a space and Unicode with reserved-word columns), and
 * random writes including primary-key changes, for the sqlite3 shell.
 */
public final class SqliteWorkload {
    public static final String ODD = "odd \"name\" ü";
    public static final String[] TABLES = {"users", "pairs", "comp", "nokey", ODD};

    private SqliteWorkload() {
    }

    public static String schema(int rows) {
        return String.join("\n",
                "CREATE TABLE users(id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, score REAL);",
                "CREATE TABLE pairs(a TEXT NOT NULL, b INTEGER NOT NULL, v, PRIMARY KEY(a, b)) WITHOUT ROWID;",
                "CREATE TABLE comp(x INTEGER, y TEXT, v, PRIMARY KEY(x, y));",
                "CREATE TABLE nokey(msg TEXT, n INTEGER);",
                "CREATE TABLE \"odd \"\"name\"\" ü\"(\"select\" TEXT PRIMARY KEY, \"from col\" INTEGER);",
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ")",
                "  INSERT INTO users(email, score) SELECT 'u' || i, i * 0.25 FROM s;",
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ")",
                "  INSERT INTO pairs SELECT 'k' || (i % 7), i, CASE WHEN i % 3 = 0 THEN x'00ff' ELSE 'v' || i END FROM s;",
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ")",
                "  INSERT INTO comp SELECT i % 11, 'y' || i, i * 1.5 FROM s;",
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ")",
                "  INSERT INTO nokey SELECT 'm' || i, i FROM s;",
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ")",
                "  INSERT INTO \"odd \"\"name\"\" ü\" SELECT 'k' || i, i FROM s;");
    }

    /** {@code n} random writes; every statement succeeds whatever the current contents. */
    public static String writes(long seed, int n, int keyRange) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int k = 1 + r.nextInt(keyRange);
            int big = 100_000 + (int) (seed % 1000) * 1000 + i;
            switch (r.nextInt(20)) {
                case 0 -> sb.append("INSERT INTO users(email, score) VALUES ('new").append(i).append("', ").append(i).append(".5);");
                case 1 -> sb.append("UPDATE users SET score = score + 1, email = email || '+' WHERE id = ").append(k).append(';');
                case 2 -> sb.append("DELETE FROM users WHERE id = ").append(k).append(';');
                case 3 -> sb.append("UPDATE OR IGNORE users SET id = ").append(big).append(" WHERE id = ").append(k).append(';');
                case 4 -> sb.append("INSERT OR REPLACE INTO pairs VALUES ('k").append(k % 7).append("', ").append(k).append(", 'w").append(i).append("');");
                case 5 -> sb.append("UPDATE pairs SET v = 1e300 WHERE b = ").append(k).append(';');
                case 6 -> sb.append("DELETE FROM pairs WHERE b = ").append(k).append(';');
                case 7 -> sb.append("UPDATE OR IGNORE pairs SET a = a || 'x' WHERE b = ").append(k).append(';');
                case 8 -> sb.append("INSERT OR REPLACE INTO comp VALUES (").append(k % 11).append(", 'y").append(k).append("', 'c").append(i).append("');");
                case 9 -> sb.append("UPDATE comp SET v = NULL WHERE y = 'y").append(k).append("';");
                case 10 -> sb.append("DELETE FROM comp WHERE y = 'y").append(k).append("';");
                case 11 -> sb.append("UPDATE OR IGNORE comp SET x = x + 1000 WHERE y = 'y").append(k).append("';");
                case 12 -> sb.append("INSERT INTO nokey VALUES ('n").append(i).append("', ").append(i).append(");");
                case 13 -> sb.append("UPDATE nokey SET n = n * 2 WHERE rowid = ").append(k).append(';');
                case 14 -> sb.append("DELETE FROM nokey WHERE rowid = ").append(k).append(';');
                case 15 -> sb.append("UPDATE OR IGNORE nokey SET rowid = ").append(big).append(" WHERE rowid = ").append(k).append(';');
                case 16 -> sb.append("INSERT OR REPLACE INTO \"odd \"\"name\"\" ü\" VALUES ('k").append(k).append("', ").append(-i).append(");");
                case 17 -> sb.append("UPDATE \"odd \"\"name\"\" ü\" SET \"from col\" = 'text now' WHERE \"select\" = 'k").append(k).append("';");
                case 18 -> sb.append("DELETE FROM \"odd \"\"name\"\" ü\" WHERE \"select\" = 'k").append(k).append("';");
                default -> sb.append("UPDATE OR IGNORE \"odd \"\"name\"\" ü\" SET \"select\" = \"select\" || 'z' WHERE \"select\" = 'k")
                        .append(k).append("';");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}

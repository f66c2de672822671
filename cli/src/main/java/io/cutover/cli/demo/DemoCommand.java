package io.cutover.cli.demo;

import io.cutover.cli.ExitCode;
import io.cutover.cli.run.ApplierStarter;
import io.cutover.cli.run.CaptureStarter;
import io.cutover.cli.run.LocalRuntime;
import io.cutover.core.config.ConfigLoader;
import io.cutover.core.config.CutoverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cutover demo}: the SQLite path end to end on the embedded defaults, with a busy writer. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Migrate a sample application database and data/ directory to Postgres while an app keeps "
                + "writing to them.",
                "",
                "Creates <state-dir>/app.db (users, sessions with auth tokens, journal entries, avatars as BLOBs) "
                        + "and <state-dir>/data/ (contracts.json, chat_threads.json, rewritten whole on every save), "
                        + "starts a local Kafka broker and a local Postgres cluster under the state directory, captures "
                        + "and applies every change while a writer works for --duration, shows the progress, and says "
                        + "how to look at the data once Postgres has caught up. Ignores DATABASE_URL: the demo never "
                        + "touches a real database."},
        footer = {"", "Example:", "  cutover demo", "  cutover demo --duration 2m --rate 200"})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "./.cutover-demo",
            description = "Where the demo keeps its database, broker and Postgres cluster (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "How long the app writes, ISO-8601 (default: ${DEFAULT-VALUE}); e.g. PT2M.")
    Duration duration;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "The app's writes per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--users", paramLabel = "N", defaultValue = "2000",
            description = "Users in the sample database when it is first created (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "0",
            description = "Port of /metrics (default: ${DEFAULT-VALUE}, a free port).")
    int httpPort;

    @Option(names = "--exit-when-synced", description = "Stop once Postgres has caught up, instead of running on.")
    boolean exitWhenSynced;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path db = stateDir.toAbsolutePath().resolve("app.db");
        DemoApp app = new DemoApp(db);
        out.printf("App database  %s (creating %d users if new)%n", db, users);
        out.flush();
        app.create(users);
        DemoFiles files = new DemoFiles(stateDir.toAbsolutePath().resolve("data"));
        out.printf("App data/     %s (contracts.json rewritten in place, chat_threads.json by temp-then-rename)%n",
                files.dir());
        files.create(users / 4);
        CutoverConfig cfg = ConfigLoader.load(null, Map.of(), Map.of("state-dir", stateDir.toString(),
                "kafka.bootstrap", "embedded", "postgres.url", "local", "sqlite", db.toString(),
                "json-dir", files.dir().toString(), "http.port", Integer.toString(httpPort)));
        try (LocalRuntime rt = LocalRuntime.start(cfg, true)) {
            out.printf("Kafka         %s (embedded)%nPostgres      %s%nMetrics       http://127.0.0.1:%d/metrics%n",
                    rt.bootstrap(), rt.postgres(), rt.http().port());
            CaptureStarter.start(cfg, rt);
            ApplierStarter.start(cfg, rt);
            Progress progress = new Progress(app, files, rt.postgres(), cfg.targetSchema());
            DemoWriter writer = new DemoWriter(app, files, rate, duration);
            writer.start();
            out.printf("The app writes %d changes/s for %s while Cutover migrates...%n", rate, duration);
            long started = System.nanoTime();
            boolean synced = progress.untilCaughtUp(writer, out, Duration.ofMinutes(5));
            if (!synced) {
                spec.commandLine().getErr().println("cutover demo: Postgres did not catch up within 5 minutes after the "
                        + "app stopped writing; see the log above and http://127.0.0.1:" + rt.http().port() + "/metrics");
                return ExitCode.FAILED;
            }
            out.printf("Caught up %.1f s after start: every table has the same primary keys on both sides (%d writes "
                    + "made by the app meanwhile; comparing every value is `cutover verify`, coming with the "
                    + "reconciler).%n", (System.nanoTime() - started) / 1e9, writer.writes());
            out.printf("Look at the data:  psql '%s' -c 'SELECT id, email, plan FROM users ORDER BY id DESC LIMIT 5'%n",
                    rt.postgres());
            out.flush();
            if (exitWhenSynced) {
                return ExitCode.OK;
            }
            out.println("Still capturing: write to " + db + " with any program (e.g. sqlite3), or edit a file in "
                    + files.dir() + ", and watch it arrive. Stop with Ctrl-C.");
            out.flush();
            rt.blockUntilStopped();
        }
        return ExitCode.OK;
    }
}

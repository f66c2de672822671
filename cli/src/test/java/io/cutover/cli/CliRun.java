package io.cutover.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code cutover} command line in-process, as an operator would type it, capturing its output. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code args} followed by {@code common} (connection flags every call repeats). */
    public static CliRun of(List<String> common, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(common);
        return of(all.toArray(String[]::new));
    }
}

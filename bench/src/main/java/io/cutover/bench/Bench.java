package io.cutover.bench;

import java.util.Arrays;

/**
 * {@code bin/bench [SCENARIO] [--quick] [--rows N]}: runs a scenario beside its anchor in the same run
 * and prints the figures and the ratio. {@code --rows} sets the size of the generated workloads (rows
 * of the SQLite database, records of the JSON directory) instead of the full or quick default. A
 * benchmark is not a test: nothing here asserts a time.
 */
public final class Bench {
    private static Integer rows;

    private Bench() {
    }

    /** The workload size: {@code --rows N} when given, else {@code dflt}. */
    static int rows(int dflt) {
        return rows == null ? dflt : rows;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int at = Arrays.asList(args).indexOf("--rows");
        if (at >= 0) {
            if (at + 1 >= args.length || !args[at + 1].matches("[1-9][0-9]*")) {
                System.err.println("--rows needs a positive number, e.g. --rows 250000");
                System.exit(2);
            }
            rows = Integer.valueOf(args[at + 1]);
        }
        String scenario = Arrays.stream(args).filter(a -> !a.startsWith("--") && !a.matches("[0-9]+")).findFirst()
                .orElse("all");
        switch (scenario) {
            case "trigger-overhead" -> new TriggerOverheadBench(quick).run(System.out);
            case "applier" -> new ApplierBench(quick).run(System.out);
            case "applier-throughput" -> new ApplierBench(quick).throughput(System.out);
            case "freeze" -> new FreezeBench(quick).run(System.out);
            case "initial-sync" -> new InitialSyncBench(quick).run(System.out);
            case "memory" -> new MemoryBench(quick).run(System.out);
            case "sustained-rate" -> new SustainedRateBench(quick).run(System.out);
            case "json-sync" -> new JsonSyncBench(quick).run(System.out);
            case "reconcile" -> new ReconcileBench(quick).run(System.out);
            case "all" -> {
                new TriggerOverheadBench(quick).run(System.out);
                new ApplierBench(quick).run(System.out);
                new ReconcileBench(quick).run(System.out);
                new FreezeBench(quick).run(System.out);
                new InitialSyncBench(quick).run(System.out);
                new MemoryBench(quick).run(System.out);
                new SustainedRateBench(quick).run(System.out);
                new JsonSyncBench(quick).run(System.out);
            }
            default -> {
                System.err.println("unknown scenario '" + scenario + "'; available: trigger-overhead, applier, "
                        + "applier-throughput, reconcile, freeze, initial-sync, memory, sustained-rate, json-sync, all");
                System.exit(2);
            }
        }
    }
}

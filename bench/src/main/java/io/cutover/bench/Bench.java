package io.cutover.bench;

import java.util.Arrays;

/**
 * {@code bin/bench SCENARIO [--quick]}: runs a scenario beside its anchor in the same run and prints
 * the figures and the ratio. A benchmark is not a test: nothing here asserts a time.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        String scenario = Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst().orElse("all");
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

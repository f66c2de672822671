package io.cutover.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.reconciler.Difference;
import io.cutover.reconciler.ReconcileResultStore;
import io.cutover.reconciler.Repairer;
import io.cutover.reconciler.Verification;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a verify result for people, or as JSON: counts per kind and the first N keys of each. */
final class VerifyReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyReport() {
    }

    static String json(Verification.Result r, int limit, boolean repair, boolean execute) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("in_sync", r.inSync());
        o.put("rows_compared", r.compared());
        ObjectNode counts = o.putObject("confirmed");
        ObjectNode keys = o.putObject("mismatches");
        Map<Difference.Kind, List<Difference>> byKind = byKind(r.confirmed());
        for (Difference.Kind k : Difference.Kind.values()) {
            List<Difference> ds = byKind.getOrDefault(k, List.of());
            counts.put(k.label(), ds.size());
            ArrayNode a = keys.putArray(k.label());
            ds.stream().limit(limit).forEach(d -> a.add(entry(d)));
        }
        ArrayNode missingTables = o.putArray("tables_not_in_postgres");
        r.tablesNotInPostgres().forEach(missingTables::add);
        o.put("unsettled", r.unsettled().size());
        ArrayNode u = o.putArray("unsettled_keys");
        r.unsettled().stream().limit(limit).forEach(d -> u.add(entry(d)));
        if (repair) {
            o.put("repair", execute ? "executed" : "planned");
            ArrayNode plan = o.putArray("repairs");
            r.repairs().stream().limit(limit).forEach(p -> plan.add(p.describe()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }

    static void human(Verification.Result r, int limit, boolean repair, boolean execute, PrintWriter out) {
        out.printf("Compared %,d rows.%n", r.compared());
        Map<Difference.Kind, List<Difference>> byKind = byKind(r.confirmed());
        out.printf("Confirmed mismatches: %d (%s)%n", r.confirmed().size(), java.util.Arrays.stream(Difference.Kind.values())
                .map(k -> k.label() + " " + byKind.getOrDefault(k, List.of()).size()).collect(Collectors.joining(", ")));
        for (Difference.Kind k : Difference.Kind.values()) {
            byKind.getOrDefault(k, List.of()).stream().limit(limit).forEach(d -> out.println("  " + line(d)));
        }
        if (!r.tablesNotInPostgres().isEmpty()) {
            out.println("Captured tables not in Postgres yet: " + String.join(", ", r.tablesNotInPostgres()));
        }
        if (!r.unsettled().isEmpty()) {
            out.printf("Unsettled: %d differences the pipeline did not carry into Postgres in time "
                    + "(is capture and the applier running?)%n", r.unsettled().size());
            r.unsettled().stream().limit(limit).forEach(d -> out.println("  " + line(d)));
        }
        if (repair && !r.repairs().isEmpty()) {
            out.println(execute ? "Repaired through capture (run verify again once the pipeline has carried them):"
                    : "Would repair (run again with --execute to do it):");
            r.repairs().stream().limit(limit).map(Repairer.Plan::describe).forEach(s -> out.println("  " + s));
        }
        out.println(r.inSync() ? "In sync." : "NOT in sync.");
    }

    private static String line(Difference d) {
        return d.table().table() + " " + ReconcileResultStore.keyJson(d) + " " + d.kind().label()
                + (d.columns().isEmpty() ? "" : " " + d.columns());
    }

    private static ObjectNode entry(Difference d) {
        ObjectNode e = JSON.createObjectNode();
        e.put("table", d.table().table());
        e.put("source", d.table().source());
        try {
            e.set("key", JSON.readTree(ReconcileResultStore.keyJson(d)));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
        e.put("kind", d.kind().label());
        ArrayNode cols = e.putArray("columns");
        d.columns().forEach(cols::add);
        return e;
    }

    private static Map<Difference.Kind, List<Difference>> byKind(List<Difference> ds) {
        return ds.stream().collect(Collectors.groupingBy(Difference::kind));
    }
}

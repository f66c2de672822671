package io.cutover.cli.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The faults the suite injects, one per cycle. */
enum Fault {
    KILL_CAPTURE, KILL_APPLIER, KILL_RECONCILER, RESTART_BROKER, RESTART_POSTGRES;

    /**
     * {@code cycles} faults in a seeded random order: every run of five is a shuffle of all five kinds,
     * so even the short CI mode hits each component twice while the order still varies with the seed.
     */
    static List<Fault> schedule(Random random, int cycles) {
        List<Fault> out = new ArrayList<>();
        while (out.size() < cycles) {
            List<Fault> deck = new ArrayList<>(List.of(values()));
            Collections.shuffle(deck, random);
            out.addAll(deck);
        }
        return out.subList(0, cycles);
    }
}
